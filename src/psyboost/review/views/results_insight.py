"""Staff's insight into the scoring of a stage: each expert's distribution against the panel, agreement per
application, mean score by criterion. Charts (ECharts, data via ``json_script``) with the same figures in tables,
so the page is useful without JavaScript. Staff only. The stored figures are read as they are (never changed
here); the table of every application is rendered by ``long_tables.agreement_rows``."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from psyboost.core.permissions import permission_required
from psyboost.review.models import Expert, Stage
from psyboost.review.services.insight import insight_of
from psyboost.review.views import page_cache
from psyboost.review.views.long_tables import agreement_rows, explain_link, labels_of
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

    def build():
        stage = stage_of(request)
        data = insight_of(call, stage)
        shown = Expert.objects.filter(pk__in=[line.expert_id for line in data["experts"]])
        names = dict(shown.values_list("pk", "name"))
        labels = labels_of(call, (line.application_id for line in data["applications"]))
        link = explain_link(call)
        experts = [(line, names.get(line.expert_id, str(line.expert_id))) for line in data["experts"]]
        flagged = [
            (line, link(line.application_id), *labels.get(line.application_id, ("", "")))
            for line in data["applications"]
            if line.high
        ]
        chart = {
            "experts": [
                {
                    "name": name,
                    "totals": [str(v) for v in line.totals],
                    "mean": str(line.mean),
                    "deviates": line.deviates,
                }
                for line, name in experts
            ],
            "panelMean": str(data["panel_mean"]) if data["panel_mean"] is not None else None,
            "applications": [
                {"number": labels.get(line.application_id, ("", ""))[0], "sd": str(line.sd), "high": line.high}
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
            "experts": experts,
            "flagged": flagged,
            "agreement_rows": agreement_rows(data["applications"], labels),
            "chart": chart,
        }
        return context

    content, _kept = page_cache.content(request, call, "insight", "review/results/_insight_content.html", build)
    return render(request, "review/results/insight.html", {"call": call, "content": content})
