from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from .models import Role, User


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。"),
        "inactive": _("该账号已停用，请联系市总工会工作人员。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django limits only the widget: a longer name must not reach authenticate (nor the lockout's table, whose
        # column PostgreSQL would refuse it for), and neither may a NUL character.
        username = self.fields["username"]
        username.validators += [MaxLengthValidator(username.max_length), ProhibitNullCharactersValidator()]


class ChangePasswordForm(PasswordChangeForm):
    """Django's form, but saving goes through the accounts service so the change is audited."""

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and self.user.check_password(password):
            raise forms.ValidationError(_("新密码不能与当前密码相同。"), code="password_unchanged")
        return password

    def save(self, commit=True):
        from .services import change_password

        change_password(self.user, self.cleaned_data["new_password1"])
        return self.user


username_help = _("字母、数字或 @ . + - _，最多 150 个字符。")


class UsernameField(forms.CharField):
    default_validators = [UnicodeUsernameValidator(message=_("用户名只能包含字母、数字和 @ . + - _ 字符。"))]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("用户名"))
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("help_text", username_help)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and User.objects.filter(username__iexact=value).exists():
            raise forms.ValidationError(_("用户名“%(name)s”已被使用，请换一个。"), params={"name": value})
        return value


class ExpertAccountForm(forms.Form):
    username = UsernameField()
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    email = forms.EmailField(label=_("电子邮箱"), required=False)


class StaffAccountForm(ExpertAccountForm):
    role = forms.ChoiceField(
        label=_("角色"), choices=[(Role.STAFF, Role.STAFF.label), (Role.ADMIN, Role.ADMIN.label)], initial=Role.STAFF
    )
