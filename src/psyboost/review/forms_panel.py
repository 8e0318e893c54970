"""Forms of the panel side of the review: experts, panel, rubric, settings, phases, conflicts, assignments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from psyboost.review.models import Conflict, Criterion, Expert, ReviewSettings, Stage

REQUIRED = {"required": _("此项为必填项。")}


class ExpertForm(forms.ModelForm):
    add_to_panel = forms.BooleanField(label=_("同时加入本年度评审组"), required=False, initial=True)

    class Meta:
        model = Expert
        fields = ["kind", "name", "organisation", "title", "expertise", "district_union", "phone", "email"]
        error_messages = {
            "name": {"required": _("请填写姓名。")},
            "email": {"invalid": _("请填写有效的电子邮箱地址。")},
        }

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class ExpertImportForm(forms.Form):
    file = forms.FileField(
        label=_("专家名单文件"),
        help_text=_(
            "Excel（.xlsx）或 CSV（.csv），表头须有“姓名”，"
            "可选：工作单位、职称、专业领域、所在区、联系电话、联系邮箱、类别。"
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("文件是空的，没有任何内容。")},
    )
    add_to_panel = forms.BooleanField(label=_("同时加入本年度评审组"), required=False, initial=True)


class PanelAddForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("专家"),
        queryset=Expert.objects.none(),
        error_messages={"required": _("请选择专家。"), "invalid_choice": _("请选择列表中的专家。")},
    )

    def __init__(self, *args, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(user__is_active=True).exclude(panels__call=call)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "guidance", "max_points", "weight", "comment_required", "position"]
        error_messages = {
            "name": {"required": _("请填写评审指标名称。")},
            "max_points": {
                "required": _("请填写满分。"),
                "invalid": _("满分应为数字，如 20。"),
                "min_value": _("满分至少为 0.5 分。"),
                "max_decimal_places": _("满分最多保留一位小数。"),
                "max_digits": _("满分过大。"),
            },
            "weight": {
                "required": _("请填写权重。"),
                "invalid": _("权重应为数字，如 1。"),
                "min_value": _("权重须大于 0。"),
                "max_digits": _("权重过大（最大 99.99）。"),
                "max_decimal_places": _("权重最多保留两位小数。"),
            },
            "position": {"invalid": _("顺序应为整数。")},
        }
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3})}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ReviewSettings
        fields = [
            "reviewers_per_application",
            "shortlist_size",
            "method",
            "normalise",
            "materials_weight",
            "onsite_weight",
            "same_district_conflicts",
        ]
        error_messages = {
            "reviewers_per_application": {
                "required": _("请填写每份申报的评审专家数。"),
                "invalid": _("请填写整数。"),
                "min_value": _("至少 1 位专家。"),
                "max_value": _("最多 15 位专家。"),
            },
            "shortlist_size": {
                "required": _("请填写入围数量。"),
                "invalid": _("请填写整数。"),
                "min_value": _("至少入围 1 个。"),
            },
            "materials_weight": {
                "required": _("请填写权重。"),
                "invalid": _("权重应为 0.01 到 1 之间的数字。"),
                "min_value": _("权重至少 0.01。"),
                "max_value": _("权重最大为 1。"),
            },
            "onsite_weight": {
                "required": _("请填写权重。"),
                "invalid": _("权重应为 0.01 到 1 之间的数字。"),
                "min_value": _("权重至少 0.01。"),
                "max_value": _("权重最大为 1。"),
            },
        }

    def clean(self):
        data = super().clean()
        materials, onsite = data.get("materials_weight"), data.get("onsite_weight")
        if materials is not None and onsite is not None and materials + onsite != 1:
            self.add_error(
                "onsite_weight", _("两个环节的权重之和应为 1（当前为 %(sum)s）。") % {"sum": materials + onsite}
            )
        return data


class PhaseForm(forms.Form):
    to_phase = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    opens_on = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写有效日期，如 2020-09-01。")},
    )
    closes_on = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写有效日期，如 2020-09-15。")},
    )


class ConflictForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("专家"),
        queryset=Expert.objects.none(),
        error_messages={"required": _("请选择专家。"), "invalid_choice": _("请选择列表中的专家。")},
    )
    unit = forms.ModelChoiceField(
        label=_("申报单位"),
        queryset=None,
        error_messages={"required": _("请选择单位。"), "invalid_choice": _("请选择列表中的单位。")},
    )
    kind = forms.ChoiceField(
        label=_("冲突类型"),
        choices=Conflict.Kind.choices,
        error_messages={"required": _("请选择冲突类型。"), "invalid_choice": _("请选择列表中的冲突类型。")},
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, call, units, experts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if experts is None:
            del self.fields["expert"]
        else:
            self.fields["expert"].queryset = experts


class DismissForm(forms.Form):
    conflict = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("排除理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("排除利益冲突须填写理由。")},
    )


STAGE_CHOICES = Stage.choices


class AssignmentAddForm(forms.Form):
    application = forms.IntegerField(
        label=_("申报编号"), error_messages={"required": _("请选择申报。"), "invalid": _("请选择申报。")}
    )
    expert = forms.IntegerField(
        label=_("专家"), error_messages={"required": _("请选择专家。"), "invalid": _("请选择专家。")}
    )
