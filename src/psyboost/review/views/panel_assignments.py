"""The assignment page of a stage: each application with its experts (gaps — fewer than k — highlighted and
counted at the top), each expert's load, the automatic assignment, and manual add/remove. A fixed number of
queries whatever the number of applications and experts; every application is read as plain values (编号, unit),
the list of all of them for the add form rendered by ``long_tables.application_options``."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from psyboost.applications.models import Application
from psyboost.core.permissions import permission_required
from psyboost.review.forms_panel import AssignmentAddForm
from psyboost.review.models import Assignment, Expert, Stage
from psyboost.review.models.scoring import ReviewState
from psyboost.review.services import assignments as services
from psyboost.review.services.conflicts import conflicted_pairs
from psyboost.review.services.panel import review_settings_of

from . import page_cache
from .long_tables import application_options, labelled
from .panel_base import call_of, page_of, query_without_page, stage_of


@dataclass
class Assigned:
    """An assignment as the table shows it (plain values, no model instances)."""

    pk: int
    expert_name: str
    source: str
    submitted: bool
    conflicted: bool


@permission_required("review.manage_review")
def assignments(request, year: int):
    """GET ``?stage=&gaps=1``; POST ``action`` auto / add (``application``, ``expert``) / remove (``assignment``)."""
    call = call_of(year)
    stage = stage_of(request)
    here = f"{reverse('review:assignments', args=[call.year])}?stage={stage}"
    if request.method == "POST":
        _post(request, call, stage)
        return redirect(here)

    def build():
        review_settings = review_settings_of(call)
        k = review_settings.reviewers_per_application
        experts = list(Expert.objects.on_panel(call).order_by("name", "pk"))
        applications = labelled(call, services.applications_for(call, stage))
        conflicted = conflicted_pairs(call)
        # Counts from light rows of every assignment; model instances only for the applications of the shown page.
        valid_counts, flagged_counts = defaultdict(int), defaultdict(int)
        loads = dict.fromkeys((e.pk for e in experts), 0)
        of_stage = Assignment.objects.filter(application__call=call, stage=stage)
        for expert_id, application_id in of_stage.values_list("expert_id", "application_id"):
            if (expert_id, application_id) in conflicted:
                flagged_counts[application_id] += 1
                continue
            valid_counts[application_id] += 1
            loads[expert_id] = loads.get(expert_id, 0) + 1
        table = []
        for application in applications:
            valid = valid_counts[application.pk]
            table.append({"application": application, "assigned": [], "count": valid, "gap": max(k - valid, 0)})
        only_gaps = request.GET.get("gaps") == "1"
        page = page_of(request, [row for row in table if row["gap"]] if only_gaps else table)
        shown = {row["application"].pk: row for row in page.object_list}
        rows = of_stage.filter(application_id__in=list(shown)).order_by("expert__name", "pk")
        for pk, application_id, expert_id, expert_name, source, review_state in rows.values_list(
            "pk", "application_id", "expert_id", "expert__name", "source", "review__state"
        ):
            shown[application_id]["assigned"].append(
                Assigned(
                    pk,
                    expert_name,
                    source,
                    submitted=review_state == ReviewState.SUBMITTED,
                    conflicted=(expert_id, application_id) in conflicted,
                )
            )
        load_values = [loads[e.pk] for e in experts]
        context = {
            "call": call,
            "stage": stage,
            "stage_label": Stage(stage).label,
            "stages": Stage.choices,
            "k": k,
            "closed": review_settings.stage_closed(stage),
            "table": page,
            "page": page,
            "query": query_without_page(request),
            "only_gaps": only_gaps,
            "gap_count": sum(1 for row in table if row["gap"]),
            "missing": sum(row["gap"] for row in table),
            "experts": [(e, loads[e.pk]) for e in experts],
            "spread": (max(load_values) - min(load_values)) if load_values else 0,
            "total": sum(load_values),
            "flagged": sum(flagged_counts[application.pk] for application in applications),
            "applications": applications,
            "application_options": application_options(applications),
            "form": AssignmentAddForm(),
        }
        return context

    content, _kept = page_cache.content(request, call, "assignments", "review/panel/_assignments_content.html", build)
    return render(request, "review/panel/assignments.html", {"call": call, "content": content})


def _post(request, call, stage) -> None:
    action = request.POST.get("action")
    try:
        if action == "auto":
            result = services.assign_automatically(call, stage, actor=request.user)
            message = _("自动分配完成：新增 %(n)d 条分配。") % {"n": result.created}
            if result.gaps:
                message += _("仍有 %(n)d 份申报专家不足（利益冲突或专家人数所限）。") % {"n": len(result.gaps)}
            messages.success(request, message)
        elif action == "add":
            form = AssignmentAddForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("请选择申报和专家。"))
                return
            application = Application.objects.filter(call=call, pk=form.cleaned_data["application"]).first()
            expert = Expert.objects.filter(pk=form.cleaned_data["expert"]).first()
            if application is None or expert is None:
                messages.error(request, _("请选择列表中的申报和专家。"))
                return
            services.add(call, application, expert, stage, actor=request.user)
            messages.success(
                request,
                _("已分配“%(name)s”评审 %(number)s。") % {"name": expert.name, "number": application.display_number},
            )
        elif action == "remove":
            value = request.POST.get("assignment", "")
            assignment = (
                Assignment.objects.filter(application__call=call, stage=stage, pk=value)
                .select_related("expert")
                .first()
                if value.isdigit()
                else None
            )
            if assignment is None:
                messages.error(request, _("该分配不存在（可能已被移除）。"))
                return
            services.remove(assignment, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("已移除“%(name)s”的分配。") % {"name": assignment.expert.name})
        else:
            messages.error(request, _("未知的操作。"))
    except services.AssignmentRefused as refusal:
        messages.error(request, str(refusal))
