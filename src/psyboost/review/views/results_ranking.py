"""Staff's ranking of a call and the explanation of one application's figures.

Both are staff-only (403 for everyone else signed in); an application of another call, or unknown, is 404.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psyboost.applications.models import Application
from psyboost.core.permissions import permission_required
from psyboost.review.aggregation import PLACES, TRIM_MIN
from psyboost.review.models import Expert, Review, Score, Stage
from psyboost.review.services import looks, results
from psyboost.review.services.panel import review_settings_of

from . import page_cache
from .panel_base import call_of, page_of

RULE_LABELS = {
    "": _("—"),
    "stages": _("参加环节更多者在前"),
    "final": _("最终得分"),
    "onsite": _("现场交流得分"),
    "materials": _("材料审核得分"),
    "onsite:raw_mean": _("现场交流原始平均分"),
    "materials:raw_mean": _("材料审核原始平均分"),
    "onsite:sd": _("现场交流分歧较小者在前"),
    "materials:sd": _("材料审核分歧较小者在前"),
    "application_id": _("申报先后（编号）"),
}


def context_of(call, request=None) -> dict:
    """The ranking page's context; with ``request``, only the lines of its page (``?page=``)."""
    review_settings = review_settings_of(call)
    ranking = results.ranking_of(call, review_settings)
    maxima = results.stage_maxima(call)
    page = page_of(request, ranking.rows) if request is not None else None
    lines = results.lines_of(call, ranking, call.quota, maxima, page.object_list if page else None)
    for line in lines:
        line.rule = RULE_LABELS.get(line.row.decided_by, line.row.decided_by)
    return {
        "call": call,
        "review_settings": review_settings,
        "ranking": ranking,
        "lines": lines,
        "ranked": len(ranking.rows),
        "page": page,
        "query": "",
        "stages": [Stage(stage) for stage in ranking.settings.stages],
        "thresholds": {stage: results.disagreement_threshold(maximum) for stage, maximum in maxima.items()},
        "quota": call.quota,
        "grant_total": results.money(call.grant_total),
        "grant_amount": results.money(call.grant_amount),
        "rule_labels": RULE_LABELS,
    }


@permission_required("review.view_results")
def ranking(request, year: int):
    """The ranked table with each stage's figure, the final score, disagreement, the tie rule and the quota line;
    above it, what changed since this staff member's last look (the table from ``page_cache``, the changes live)."""
    call = call_of(year)
    last_look, changes = looks.look(call, request.user, results.ranking_of(call), call.quota, timezone.now())
    changes_html = render_to_string(
        "review/results/_ranking_changes.html", {"last_look": last_look, "changes": changes}
    )

    def build():
        return {**context_of(call, request), "changes_slot": page_cache.slot("changes")}

    content, _kept = page_cache.content(
        request, call, "ranking", "review/results/_ranking_content.html", build, slots={"changes": changes_html}
    )
    return render(request, "review/results/ranking.html", {"call": call, "content": content})


@permission_required("review.view_results")
def explain(request, year: int, pk: int):
    """Every step from the criteria's points to the application's final score and its place."""
    call = call_of(year)
    application = Application.objects.select_related("unit", "call").filter(pk=pk, call=call).first()
    if application is None:
        raise Http404
    review_settings = review_settings_of(call)
    ranking = results.ranking_of(call, review_settings)
    try:
        row = ranking.row(application.pk)
    except KeyError:
        row = None
    above = ranking.rows[row.rank - 2] if row is not None and row.rank > 1 else None
    above_application = Application.objects.filter(pk=above.application_id).first() if above else None
    experts = {expert.pk: expert for expert in Expert.objects.filter(assignments__application=application).distinct()}
    reviews = (
        Review.objects.filter(assignment__application=application, state=Review.State.SUBMITTED)
        .select_related("assignment")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    criteria = {(review.assignment.stage, review.assignment.expert_id): list(review.scores.all()) for review in reviews}
    stages = []
    for figure in row.stages if row else ():
        scale = next((scale for scale in ranking.scales if scale.stage == figure.stage), None)
        stages.append(
            {
                "figure": figure,
                "label": Stage(figure.stage).label,
                "scale": scale,
                "reviews": [
                    {
                        "review": review,
                        "expert": experts.get(review.expert_id),
                        "scores": criteria.get((figure.stage, review.expert_id), []),
                        "expert_scale": scale.expert(review.expert_id) if scale else None,
                    }
                    for review in figure.reviews
                ],
            }
        )
    context = {
        "call": call,
        "application": application,
        "review_settings": review_settings,
        "row": row,
        "stages": stages,
        "above": above,
        "above_application": above_application,
        "rule_label": RULE_LABELS.get(row.decided_by, row.decided_by) if row else "",
        "places": PLACES,
        "trim_min": TRIM_MIN,
        "quota": call.quota,
    }
    return render(request, "review/results/explain.html", context)
