from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _

from .forms import ChangePasswordForm, LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """The role's start page (``settings.LANDING_PAGES``): 我的申报, 工作台, 评审任务; else the front page."""
        page = settings.LANDING_PAGES.get(getattr(self.request.user, "role", ""), "")
        return resolve_url(page) if page else super().get_default_redirect_url()


@login_required
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改。"))
        return redirect("workbench:home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})
