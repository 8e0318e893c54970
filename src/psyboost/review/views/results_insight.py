"""Staff's insight into the scoring of a stage: each expert's distribution against the panel, agreement per
application, mean score by criterion. Charts (ECharts, data via ``json_script``) with the same figures in tables,
so the page is useful without JavaScript. Staff only."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from psyboost.applications.models import Application
from psyboost.core.permissions import permission_required
from psyboost.review.models import Expert, Stage
from psyboost.review.services.insight import insight_of
from psyboost.review.views.panel_base import call_of, stage_of


def chart_texts() -> dict:
    """The charts' axis titles (with their units) and legends, translated here so the script holds no text."""
    return {
        "expert": _("专家"),
        "total": _("评审总分（分）"),
        "review": _("每份评审意见的总分"),
        "expertMean": _("专家平均分"),
        "deviates": _("偏离全体平均超过1个标准差"),
        "panelMean": _("全体平均"),
        "application": _("申报编号"),
        "sd": _("专家总分标准差（分）"),
        "sdSeries": _("标准差"),
        "threshold": _("分歧大阈值"),
        "criterion": _("评审指标"),
        "share": _("平均得分率（%）"),
        "shareSeries": _("平均得分率"),
    }


@permission_required("review.view_results")
def insight(request, year: int):
    call = call_of(year)
    stage = stage_of(request)
    data = insight_of(call, stage)
    names = dict(Expert.objects.filter(pk__in=[line.expert_id for line in data["experts"]]).values_list("pk", "name"))
    numbers = {
        application.pk: application
        for application in Application.objects.select_related("unit", "call").filter(
            pk__in=[line.application_id for line in data["applications"]]
        )
    }
    for line in data["experts"]:
        line.name = names.get(line.expert_id, str(line.expert_id))
    for line in data["applications"]:
        line.application = numbers[line.application_id]
    chart = {
        "experts": [
            {
                "name": line.name,
                "totals": [str(v) for v in line.totals],
                "mean": str(line.mean),
                "deviates": line.deviates,
            }
            for line in data["experts"]
        ],
        "panelMean": str(data["panel_mean"]) if data["panel_mean"] is not None else None,
        "applications": [
            {"number": line.application.display_number, "sd": str(line.sd), "high": line.high}
            for line in data["applications"]
        ],
        "criteria": [{"name": line.criterion.name, "share": str(line.share)} for line in data["criteria"]],
        "threshold": str(data["threshold"]) if data.get("threshold") is not None else None,
        "texts": chart_texts(),
    }
    context = {
        "call": call,
        "stage": Stage(stage),
        "stages": Stage.choices,
        "data": data,
        "flagged": [line for line in data["applications"] if line.high],
        "chart": chart,
    }
    return render(request, "review/results/insight.html", context)
