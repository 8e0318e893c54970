"""Staff's insight into the scoring of a stage: each expert's distribution against the panel, agreement per
application, mean score by criterion. Charts (ECharts, data via ``json_script``) with the same figures in tables,
so the page is useful without JavaScript. Staff only."""

from django.shortcuts import render

from psyboost.applications.models import Application
from psyboost.core.permissions import permission_required
from psyboost.review.models import Expert, Stage
from psyboost.review.services.insight import insight_of
from psyboost.review.views.panel_base import call_of, stage_of


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
