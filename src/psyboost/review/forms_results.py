"""The panel's decision form: date, members present (from the call's panel), minutes, and the reason to decide
while applications are unscored or unchecked."""

from django import forms
from django.utils.translation import gettext_lazy as _

from psyboost.review.models import Expert


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("决定日期"), widget=forms.DateInput(attrs={"type": "date"}))
    members = forms.ModelMultipleChoiceField(
        label=_("出席的评审组成员"),
        queryset=Expert.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一位出席的评审组成员。")},
    )
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    confirm_reason = forms.CharField(
        label=_("确认理由"),
        help_text=_("仍有未评分的已受理申报或未形式审查的申报时必填，记入操作日志。"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Expert.objects.on_panel(call).order_by("-panels__is_chair", "name")
