from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。"),
        "inactive": _("该账号已停用，请联系市总工会工作人员。"),
    }


class ChangePasswordForm(PasswordChangeForm):
    """Django's form, but saving goes through the accounts service so the change is audited."""

    def save(self, commit=True):
        from .services import change_password

        change_password(self.user, self.cleaned_data["new_password1"])
        return self.user
