from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from psyboost.calls import districts

from .models import Role, User
from .services import has_account


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。"),
        "inactive": _("该账号已停用，请联系市总工会工作人员。"),
    }


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


# ---- staff: unit accounts ---------------------------------------------------------------------------------------


class UnitAccountFilterForm(forms.Form):
    """The filters of the unit-accounts page; the bulk action reuses them to mean 'only these units'."""

    HAS_ACCOUNT_CHOICES = [("", _("全部")), ("yes", _("已有账号")), ("no", _("尚无账号"))]

    q = forms.CharField(label=_("单位名称"), required=False, max_length=100)
    district_union = forms.ChoiceField(
        label=_("所属区/产业工会"), required=False, choices=[("", _("全部")), *districts.CHOICES]
    )
    has_account = forms.ChoiceField(label=_("账号"), required=False, choices=HAS_ACCOUNT_CHOICES)

    def filter(self, units):
        """``units`` narrowed by the valid filters; an invalid value (a hand-edited address) is ignored."""
        if not self.is_valid():
            return units
        data = self.cleaned_data
        if data["q"].strip():
            units = units.filter(name__icontains=data["q"].strip())
        if data["district_union"]:
            units = units.filter(district_union=data["district_union"])
        if data["has_account"] == "yes":
            units = units.filter(has_account())
        elif data["has_account"] == "no":
            units = units.filter(~has_account())
        return units

    def selected(self) -> dict[str, str]:
        """The filters in effect, for links (pagination) and for the audit record of a bulk action."""
        if not self.is_valid():
            return {}
        return {key: value.strip() for key, value in self.cleaned_data.items() if value and value.strip()}


class BulkCreateForm(UnitAccountFilterForm):
    SCOPE_CHOICES = [("all", _("名录中所有尚无账号的单位")), ("filtered", _("仅当前筛选结果中尚无账号的单位"))]

    scope = forms.ChoiceField(label=_("范围"), choices=SCOPE_CHOICES, initial="all", widget=forms.RadioSelect)

    def units(self, units):
        return self.filter(units) if self.cleaned_data["scope"] == "filtered" else units


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


class UnitUserForm(forms.Form):
    username = UsernameField(
        required=False, help_text=format_lazy("{} {}", _("留空则按单位编号自动生成（如 u00042-2）。"), username_help)
    )
    display_name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)


class ExpertAccountForm(forms.Form):
    username = UsernameField()
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
    email = forms.EmailField(label=_("电子邮箱"), required=False)


class StaffAccountForm(ExpertAccountForm):
    role = forms.ChoiceField(
        label=_("角色"), choices=[(Role.STAFF, Role.STAFF.label), (Role.ADMIN, Role.ADMIN.label)], initial=Role.STAFF
    )
