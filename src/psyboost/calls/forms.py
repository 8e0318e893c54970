from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Call


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "year", "name", "edition", "opens_at", "deadline", "quota", "grant_amount", "announcement_days",
            "named_year_from", "named_year_to", "implementation_start", "implementation_end",
            "contact_people", "contact_phones", "contact_email", "contact_address", "contact_postcode",
        ]
        widgets = {
            "opens_at": DateTimeLocalInput(),
            "deadline": DateTimeLocalInput(),
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
