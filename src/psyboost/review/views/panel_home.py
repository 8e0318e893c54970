"""The staff home of a call's review (where it stands, what to do next, links to every page of the review), its
settings, and the phase moves."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.applications.workflow import State
from psyboost.core.permissions import permission_required
from psyboost.review.forms_panel import PhaseForm, SettingsForm
from psyboost.review.models import Assignment, Conflict, PanelMember, ReviewPhase, Stage
from psyboost.review.services import panel, phases, rubric
from psyboost.review.services.panel import review_settings_of

from .panel_base import call_of

# The dates a move into a phase may set: (opens, closes) fields of ReviewSettings.
PHASE_DATES = {
    ReviewPhase.MATERIALS: ("materials_opens_on", "materials_closes_on"),
    ReviewPhase.ONSITE: ("onsite_opens_on", "onsite_closes_on"),
}


def _home_context(call):
    review_settings = review_settings_of(call)
    current = review_settings.phase
    applications = call.applications.filter(state=State.ACCEPTED).count()
    assignment_counts = {
        row["stage"]: row["n"]
        for row in Assignment.objects.filter(application__call=call).values("stage").annotate(n=Count("id"))
    }
    forward, backward = phases.next_phase(current), phases.previous_phase(current)
    return {
        "call": call,
        "review_settings": review_settings,
        "phases": [
            (label, "current" if value == current else "done" if review_settings.has_reached(value) else "")
            for value, label in ReviewPhase.choices
        ],
        "forward": forward and ReviewPhase(forward),
        "backward": backward and ReviewPhase(backward),
        "forward_problems": phases.problems_before(call, forward) if forward else [],
        "forward_dates": forward in PHASE_DATES,
        "panel_size": PanelMember.objects.filter(call=call).count(),
        "chair": PanelMember.objects.filter(call=call, is_chair=True).select_related("expert").first(),
        "applications": applications,
        "criteria": {
            stage: (rubric.criteria_of(call, stage).count(), rubric.total_points(call, stage)) for stage in Stage.values
        },
        "materials_total": rubric.total_points(call, Stage.MATERIALS),
        "onsite_total": rubric.total_points(call, Stage.ONSITE),
        "conflicts": Conflict.objects.filter(call=call).aggregate(
            n_active=Count("id", filter=Q(active=True)),
            n_detected=Count("id", filter=Q(active=True, source="detected")),
        ),
        "assignments": assignment_counts.get(Stage.MATERIALS, 0),
        "onsite_assignments": assignment_counts.get(Stage.ONSITE, 0),
        "phase_form": PhaseForm(),
    }


@permission_required("review.manage_review")
def staff_home(request, year: int):
    call = call_of(year)
    return render(request, "review/panel/staff_home.html", _home_context(call))


@permission_required("review.manage_review")
@require_POST
def phase(request, year: int):
    """Move the call to the phase posted (next, or previous with a reason); back to the review home either way."""
    call = call_of(year)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("review:staff_home", call.year)
    to_phase = form.cleaned_data["to_phase"]
    dates = {}
    if to_phase in PHASE_DATES:
        opens, closes = PHASE_DATES[to_phase]
        dates = {opens: form.cleaned_data["opens_on"], closes: form.cleaned_data["closes_on"]}
    try:
        moved = phases.move(call, to_phase, actor=request.user, reason=form.cleaned_data["reason"], dates=dates)
    except phases.PhaseRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("评审已进入“%(phase)s”阶段。") % {"phase": moved.get_phase_display()})
    return redirect("review:staff_home", call.year)


@permission_required("review.manage_review")
def review_settings(request, year: int):
    call = call_of(year)
    instance = review_settings_of(call)
    locked = instance.has_reached(ReviewPhase.DECIDED)
    form = SettingsForm(request.POST or None, instance=review_settings_of(call))
    if request.method == "POST" and form.is_valid():
        try:
            panel.save_settings(call, form.cleaned_data, actor=request.user)
        except panel.PanelRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("评审设置已保存。"))
        return redirect("review:settings", call.year)
    context = {"call": call, "form": form, "locked": locked, "review_settings": instance}
    return render(request, "review/panel/settings.html", context)
