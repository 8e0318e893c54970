"""Staff's view of the scoring (progress per expert and per application, reopening a review) and the panel's view
of one application's scores once a stage is closed.

``application_scores`` answers 404 to an expert who may not see the application's scores (not on the panel, or
conflicted): they must not learn it exists. Units get 403; signed-out visitors go to login.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.accounts.rules import is_expert, is_federation_staff
from psyboost.applications.models import Application
from psyboost.core.permissions import permission_required
from psyboost.review.models import Assignment, Conflict, Criterion, Review, Score, Stage
from psyboost.review.services import scoring
from psyboost.review.services.panel import review_settings_of

from . import page_cache
from .long_tables import labelled
from .panel_base import call_of, page_of, query_without_page


@permission_required("review.manage_review")
def progress(request, year: int):
    """Per expert "submitted / assigned" and per application the reviews submitted, for the chosen stage."""
    call = call_of(year)

    def build():
        stage = request.GET.get("stage") if request.GET.get("stage") in Stage.values else None
        review_settings = review_settings_of(call)
        stage = stage or review_settings.open_stage or Stage.MATERIALS
        of_stage = Assignment.objects.filter(application__call=call, stage=stage)
        submitted = Q(review__state=Review.State.SUBMITTED)
        experts = [
            {"expert": {"name": row["expert__name"]}, "done": row["done"], "assigned": row["assigned"]}
            for row in of_stage.values("expert_id", "expert__name").annotate(
                assigned=Count("pk"), done=Count("pk", filter=submitted)
            )
        ]
        # The applications table shows one page: the ids of every assigned application (one query of integers), then
        # the page's labels and its assignments as plain values (two queries).
        ids = of_stage.order_by("application__number", "application_id").values_list("application_id", flat=True)
        page = page_of(request, list(ids.distinct()))
        labels = {label.pk: label for label in labelled(call, Application.objects.filter(pk__in=page.object_list))}
        applications = {pk: {"application": labels[pk], "reviews": [], "done": 0} for pk in page.object_list}
        assignments = (
            of_stage.filter(application_id__in=page.object_list)
            .order_by("application__number", "expert__name", "pk")
            .values_list("application_id", "expert__name", "review__pk", "review__state")
        )
        for application_id, expert_name, review_id, review_state in assignments:
            is_submitted = review_state == Review.State.SUBMITTED
            app = applications[application_id]
            app["reviews"].append({"expert_name": expert_name, "review_id": review_id, "submitted": is_submitted})
            app["done"] += is_submitted
        context = {
            "call": call,
            "stage": Stage(stage),
            "stages": Stage.choices,
            "review_settings": review_settings,
            "can_reopen": review_settings.open_stage == stage,
            "experts": sorted(experts, key=lambda row: (row["done"] - row["assigned"], row["expert"]["name"])),
            "applications": list(applications.values()),
            "page": page,
            "query": query_without_page(request),
            "done": sum(row["done"] for row in experts),
            "assigned": sum(row["assigned"] for row in experts),
        }
        return context

    content, _kept = page_cache.content(request, call, "progress", "review/scoring/_progress_content.html", build)
    return render(request, "review/scoring/progress.html", {"call": call, "content": content})


@permission_required("review.manage_review")
@require_POST
def reopen(request, pk: int):
    review = get_object_or_404(Review.objects.select_related("assignment__application__call"), pk=pk)
    call = review.assignment.application.call
    try:
        scoring.reopen(review, request.user, request.POST.get("reason", ""))
    except scoring.ScoringRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("已退回 %(expert)s 的评审意见。") % {"expert": review.assignment.expert.name})
    return redirect(f"{reverse('review:progress', args=[call.year])}?stage={review.assignment.stage}")


def application_scores(request, pk: int):
    """Every submitted review of the application, per stage, with the per-criterion table; panel members see a
    stage only once it is closed, staff at any time."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = Application.objects.select_related("call", "unit").filter(pk=pk).first()
    if application is None or not request.user.has_perm("review.view_application_scores", application):
        if is_expert(request.user) or (application is None and is_federation_staff(request.user)):
            raise Http404
        raise PermissionDenied
    review_settings = review_settings_of(application.call)
    staff = is_federation_staff(request.user)
    criteria = defaultdict(list)
    for criterion in Criterion.objects.filter(call=application.call).order_by("position", "id"):
        criteria[criterion.stage].append(criterion)
    reviews = defaultdict(list)
    queryset = (
        Review.objects.filter(assignment__application=application, state=Review.State.SUBMITTED)
        .select_related("assignment__expert")
        .order_by("assignment__expert__name", "pk")
    )
    points = defaultdict(dict)
    for score in Score.objects.filter(review__in=queryset):
        points[score.review_id][score.criterion_id] = score
    for review in queryset:
        reviews[review.assignment.stage].append(review)
    # A conflicted expert's review stays listed, marked 不计入 as in the ranking workbook: it counts for nothing.
    conflicted = set(
        Conflict.objects.active()
        .filter(call=application.call, unit=application.unit)
        .values_list("expert_id", flat=True)
    )
    stages = []
    for value, label in Stage.choices:
        visible = staff or review_settings.stage_closed(value)
        rows = []
        for review in reviews[value] if visible else []:
            cells = [points[review.pk].get(criterion.pk) for criterion in criteria[value]]
            rows.append(
                {
                    "review": review,
                    "cells": cells,
                    "total": scoring.total(c for c in cells if c),
                    "conflicted": review.assignment.expert_id in conflicted,
                }
            )
        stages.append({"label": label, "visible": visible, "criteria": criteria[value], "rows": rows})
    context = {"application": application, "stages": stages, "staff": staff}
    return render(request, "review/scoring/application_scores.html", context)
