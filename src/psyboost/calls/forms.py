from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from psyboost.accounts.forms import UsernameField, username_help

from . import districts
from .models import Call
from .unit_accounts import has_account


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "year",
            "name",
            "edition",
            "form_issued_on",
            "opens_at",
            "deadline",
            "quota",
            "grant_amount",
            "announcement_days",
            "named_year_from",
            "named_year_to",
            "implementation_start",
            "implementation_end",
            "contact_people",
            "contact_phones",
            "contact_email",
            "contact_address",
            "contact_postcode",
        ]
        widgets = {
            "opens_at": DateTimeLocalInput(),
            "deadline": DateTimeLocalInput(),
            "form_issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "implementation_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "implementation_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        opens_at, deadline = data.get("opens_at"), data.get("deadline")
        if opens_at and deadline and opens_at >= deadline:
            self.add_error("deadline", _("截止时间必须晚于开始申报时间。"))
        first, last = data.get("named_year_from"), data.get("named_year_to")
        if first and last and first > last:
            self.add_error("named_year_to", _("命名年份止不能早于命名年份起。"))
        start, end = data.get("implementation_start"), data.get("implementation_end")
        if start and end and start > end:
            self.add_error("implementation_end", _("实施期止不能早于实施期起。"))
        postcode = data.get("contact_postcode")
        if postcode and (len(postcode) != 6 or not postcode.isdigit()):
            self.add_error("contact_postcode", _("邮政编码应为 6 位数字。"))
        return data


class CopyCallForm(forms.Form):
    year = forms.IntegerField(label=_("新年度"), min_value=2000, max_value=2100)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Call.objects.filter(year=year).exists():
            raise forms.ValidationError(_("%(year)s 年度的评选已存在。"), params={"year": year})
        return year


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


class UnitUserForm(forms.Form):
    username = UsernameField(
        required=False, help_text=format_lazy("{} {}", _("留空则按单位编号自动生成（如 u00042-2）。"), username_help)
    )
    display_name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=30)
