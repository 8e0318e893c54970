"""Forms of the announcement pages: type checks only (dates, numbers, choices); the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AnnouncementSettings, CalendarYear, Objection

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class PrepareForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "可用占位符：{year} 年度、{count} 项目数、{start} 开始日期、{end} 结束日期、"
            "{length} 公示期长度、{contacts} 联系方式"
        ),
    )
    starts_at = forms.DateTimeField(label=_("公示开始时间（北京时间）"), widget=DATETIME)
    days = forms.IntegerField(label=_("公示天数"), min_value=0, max_value=60)
    publisher = forms.CharField(label=_("发布单位"), max_length=100)
    published_on = forms.DateField(label=_("发布日期"), widget=DATE)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = AnnouncementSettings
        fields = ["counting", "show_final_score", "publisher"]


class CorrectionForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 12}))
    reason = forms.CharField(label=_("更正理由"), widget=forms.Textarea(attrs={"rows": 3}))


class PostingForm(forms.Form):
    site = forms.CharField(label=_("发布网站"), max_length=100, initial=_("北京市总工会网站"))
    url = forms.URLField(label=_("网址"), max_length=500, assume_scheme="https")
    posted_on = forms.DateField(label=_("发布日期"), widget=DATE)
    screenshot = forms.ImageField(label=_("截图"), required=False)


class ObjectionForm(forms.Form):
    """The public form (and, with ``channel`` and ``received_at``, the staff registration)."""

    objector = forms.ChoiceField(
        label=_("以何种名义提出异议"), choices=Objection.Objector.choices, widget=forms.RadioSelect, required=False
    )
    name = forms.CharField(label=_("真实姓名（个人）"), max_length=50, required=False)
    unit_name = forms.CharField(label=_("单位名称（单位）"), max_length=100, required=False)
    contact = forms.CharField(label=_("联系人（单位）"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱（选填，用于接收答复）"), required=False)
    application = forms.TypedChoiceField(label=_("异议涉及的项目"), coerce=int, required=False, empty_value=None)
    grounds = forms.CharField(label=_("异议事由"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    evidence = MultipleFileField(label=_("证明材料（PDF、JPEG、PNG，最多5个）"))
    sealed_letter = MultipleFileField(label=_("加盖单位公章的异议书扫描件（单位必传）"))

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", "——")] + [
            (entry.application_id, f"{entry.position}. {entry.number} {entry.unit_name}") for entry in entries
        ]


class RegisterObjectionForm(ObjectionForm):
    channel = forms.ChoiceField(label=_("受理渠道"), choices=Objection.Channel.choices)
    received_at = forms.DateTimeField(label=_("受理时间（北京时间）"), widget=DATETIME)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["sealed_letter"]


class LookupForm(forms.Form):
    receipt = forms.CharField(label=_("受理编号"), max_length=30)
    phone = forms.CharField(label=_("联系电话"), max_length=30)


class HandleForm(forms.Form):
    notes = forms.CharField(label=_("核查记录"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class RequestForm(forms.Form):
    request = forms.CharField(label=_("需单位说明的问题"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("核查结论"), choices=[("", "——"), *Objection.Outcome.choices], required=False)
    outcome_reason = forms.CharField(label=_("结论理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reply = forms.CharField(label=_("给异议人的答复"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ExplanationForm(forms.Form):
    answer = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    files = MultipleFileField(label=_("附件（PDF、JPEG、PNG，最多5个）"))


class AmendForm(forms.Form):
    removed = forms.TypedChoiceField(label=_("退出名单的项目"), coerce=int)
    cause = forms.ChoiceField(
        label=_("原因"), choices=[("objection", _("异议成立")), ("withdrawal", _("申报单位主动放弃"))]
    )
    objection = forms.TypedChoiceField(label=_("依据的异议"), coerce=int, required=False, empty_value=None)
    statement = forms.CharField(label=_("公示说明（一句话）"), max_length=200, required=False)
    replacement = forms.TypedChoiceField(label=_("递补项目"), coerce=int, required=False, empty_value=None)
    replacement_reason = forms.CharField(
        label=_("未按排名递补的理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SupplementaryForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("补充公示开始时间（北京时间）"), widget=DATETIME)
    days = forms.IntegerField(label=_("公示天数"), min_value=0, max_value=60)


class CalendarForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "holidays", "workdays"]
        widgets = {"holidays": forms.Textarea(attrs={"rows": 8}), "workdays": forms.Textarea(attrs={"rows": 4})}
