"""Forms of the on-site exchange plan: a session (when, where, which experts) and a slot (which shortlisted
application, at what time)."""

from django import forms
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from psyboost.review.models import OnsiteSession

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DATETIME_ERROR = _("请填写有效的日期和时间，例如 2020-09-01 09:30。")


class SessionForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100)
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": DATETIME_ERROR},
    )
    place = forms.CharField(label=_("地点"), max_length=200)
    experts = forms.ModelMultipleChoiceField(
        label=_("参加专家"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = experts


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} {localtime(obj.starts_at):%Y-%m-%d %H:%M} {obj.place}"


class SlotForm(forms.Form):
    session = SessionChoiceField(label=_("场次"), queryset=None)
    application = forms.TypedChoiceField(label=_("入围申报"), coerce=int, choices=())
    starts_at = forms.DateTimeField(
        label=_("时间"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": DATETIME_ERROR},
    )
    minutes = forms.IntegerField(
        label=_("时长（分钟）"),
        initial=20,
        min_value=5,
        max_value=480,
        error_messages={"invalid": _("请填写整数分钟数。"), "min_value": _("至少 5 分钟。")},
    )

    def __init__(self, *args, call, shortlist, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = OnsiteSession.objects.filter(call=call)
        self.fields["session"].queryset = sessions
        self.fields["session"].initial = sessions.order_by("-pk").values_list("pk", flat=True).first()
        self.fields["application"].choices = [(a.pk, str(a)) for a in shortlist]
