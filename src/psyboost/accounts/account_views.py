"""Staff pages for single accounts: reset a password, deactivate or activate, and the expert and federation
account lists with their creation forms. Who may touch which account is ``accounts.manage_account``."""

import base64

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.core.permissions import permission_required

from . import services
from .forms import ExpertAccountForm, StaffAccountForm
from .models import FEDERATION_ROLES, Role, User
from .rules import is_federation_staff
from .spreadsheets import XLSX_CONTENT_TYPE, credential_rows, credentials_filename, credentials_workbook, headers


def login_url(request) -> str:
    return request.build_absolute_uri(reverse("accounts:login"))


def credentials_page(request, issued: list[services.IssuedPassword], *, title: str, back_url: str):
    """The one page that ever shows these passwords: not cached, with the same sheet to save from the page."""
    url = login_url(request)
    sheet = credentials_workbook(issued, url)
    context = {
        "title": title,
        "headers": headers(),
        "rows": credential_rows(issued, url),
        "sheet_href": f"data:{XLSX_CONTENT_TYPE};base64,{base64.b64encode(sheet).decode()}",
        "sheet_filename": credentials_filename(_("初始密码")),
        "back_url": back_url,
    }
    response = render(request, "accounts/credentials.html", context)
    add_never_cache_headers(response)
    return response


def back_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def list_url_for(account: User) -> str:
    if account.role == Role.UNIT:
        return reverse("calls:unit_accounts")
    if account.role == Role.EXPERT:
        return reverse("accounts:expert_accounts")
    return reverse("accounts:staff_accounts")


def _target_account(request, pk: int):
    # Only federation staff learn whether an account number exists; everybody else is refused the same way.
    if not is_federation_staff(request.user):
        return None
    return get_object_or_404(User, pk=pk)


@permission_required("accounts.manage_account", fn=_target_account)
@require_POST
def reset_password(request, pk: int):
    account = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    issued = services.reset_password(account, actor=request.user)
    return credentials_page(
        request,
        [issued],
        title=_("已重置“%(name)s”的密码") % {"name": account.username},
        back_url=back_url(request, list_url_for(account)),
    )


@permission_required("accounts.manage_account", fn=_target_account)
@require_POST
def unlock(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    services.unlock(account, actor=request.user)
    messages.success(request, _("已解除“%(name)s”的登录锁定。") % {"name": account.username})
    return redirect(back_url(request, list_url_for(account)))


@permission_required("accounts.manage_account", fn=_target_account)
@require_POST
def set_active(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        changed = services.set_active(account, active, actor=request.user)
    except services.OwnAccountRefused as refusal:
        messages.error(request, str(refusal))
        changed = False
    if changed:
        if active:
            messages.success(request, _("已启用账号“%(name)s”。") % {"name": account.username})
        else:
            messages.success(request, _("已停用账号“%(name)s”，该用户将无法登录。") % {"name": account.username})
    return redirect(back_url(request, list_url_for(account)))


def _create_page(request, form_class, *, role_of, queryset, template, title):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = services.create_account(
                role_of(data),
                actor=request.user,
                username=data["username"],
                display_name=data["display_name"],
                phone=data["phone"],
                email=data["email"],
            )
        except services.AccountsChanged as error:
            form.add_error("username", str(error))
        else:
            return credentials_page(
                request,
                [issued],
                title=_("已创建账号“%(name)s”") % {"name": issued.user.username},
                back_url=request.path,
            )
    return render(request, template, {"form": form, "accounts": queryset, "title": title})


@permission_required("accounts.manage_expert_accounts")
def expert_accounts(request):
    return _create_page(
        request,
        ExpertAccountForm,
        role_of=lambda data: Role.EXPERT,
        queryset=User.objects.filter(role=Role.EXPERT).order_by("username"),
        template="accounts/expert_accounts.html",
        title=_("评审专家账号"),
    )


@permission_required("accounts.manage_staff_accounts")
def staff_accounts(request):
    return _create_page(
        request,
        StaffAccountForm,
        role_of=lambda data: data["role"],
        queryset=User.objects.filter(role__in=FEDERATION_ROLES).order_by("role", "username"),
        template="accounts/staff_accounts.html",
        title=_("工作人员账号"),
    )
