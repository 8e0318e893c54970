"""The forms of the staff formal check: a reason, the paper copy, an extension. They parse and keep the input; the
services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from psyboost.calls.models import Unit


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写理由。"), "max_length": _("理由最多 2000 字。")},
    )


class ReturnForm(ReasonForm):
    reason = forms.CharField(
        label=_("退回理由（单位可见）"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("请填写退回修改的理由，单位将看到此理由。"),
            "max_length": _("理由最多 2000 字。"),
        },
    )


ReturnForm.base_fields["until"] = forms.DateTimeField(
    label=_("同时延期至（北京时间，可选）"),
    required=False,
    help_text=_("申报已截止时，退回后单位须在此时间前重新提交。"),
    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    error_messages={"invalid": _("请填写有效的日期和时间。")},
)


class RejectForm(ReasonForm):
    reason = forms.CharField(
        label=_("不予受理的理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写不予受理的理由。"), "max_length": _("理由最多 2000 字。")},
    )


class PaperCopyForm(forms.Form):
    received_on = forms.DateField(
        label=_("纸质版收到日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写纸质版收到日期。"), "invalid": _("请填写有效的日期，例如 2020-07-25。")},
    )
    has_unit_seal = forms.BooleanField(label=_("加盖单位公章"), required=False)
    has_union_seal = forms.BooleanField(label=_("加盖本级工会公章"), required=False)


class ExtensionForm(forms.Form):
    """Validate in the site's zone (Beijing): the time typed is Beijing time whatever the zone of the request."""

    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Unit.objects.none(),
        error_messages={"required": _("请选择单位。"), "invalid_choice": _("请选择本年度申报范围内的单位。")},
    )
    until = forms.DateTimeField(
        label=_("延期至（北京时间）"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("请填写延期截止时间。"), "invalid": _("请填写有效的日期和时间。")},
    )
    reason = forms.CharField(
        label=_("延期理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写延期理由。")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = call.eligible_units.order_by("name")
