"""Staff confirm the selection against the ranking and record the panel's decision (staff only, 403 otherwise).

The table lists every ranked application (one form: the ticks are confirmed together); its rows are rendered by
``long_tables.selection_rows``. Plain POST forms: a refused or invalid submission re-renders the page with the
messages beside the rows and the ticks and reasons as entered.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.core.permissions import permission_required
from psyboost.review.forms_results import DecisionForm
from psyboost.review.models import Decision, ReviewPhase
from psyboost.review.services import results
from psyboost.review.services import selection as service
from psyboost.review.services.panel import review_settings_of

from . import page_cache
from .long_tables import selection_rows
from .panel_base import call_of

CONTENT = "review/results/_selection_content.html"


@dataclass
class SelectionLine:
    """One ranked application on the selection page (plain values: its labels are read in one query)."""

    pk: int
    rank: int
    final: object
    within_quota: bool
    ticked: bool = False
    reason: str = ""
    error: str = ""
    departs: bool = False


def render_page(request, call, *, ticked=None, reasons=None, errors=None, form=None, status=200):
    """The page; its table from ``page_cache`` unless it shows what was just entered (ticks, reasons, errors)."""

    def build():
        review_settings = review_settings_of(call)
        ranking = results.ranking_of(call, review_settings)
        stored = service.proposed(call)
        lines = []
        for row in ranking.rows:
            pk = row.application_id
            line = SelectionLine(pk, row.rank, row.final.value, row.rank <= call.quota)
            if ticked is not None:
                line.ticked = pk in ticked
                line.reason = (reasons or {}).get(pk, "")
            elif pk in stored:
                line.ticked, line.reason = stored[pk]
            else:
                line.ticked, line.reason = line.within_quota, ""
            line.error = (errors or {}).get(pk, "")
            line.departs = line.ticked != line.within_quota
            lines.append(line)
        decision = Decision.objects.filter(call=call).prefetch_related("members").first()
        open_ = review_settings.phase == ReviewPhase.DECISION and decision is None
        context = {
            "call": call,
            "review_settings": review_settings,
            "lines": lines,
            "has_lines": bool(lines),
            "rows": selection_rows(call, lines, open_=open_, quota=call.quota) if lines else "",
            "quota": call.quota,
            "grant_amount": results.money(call.grant_amount),
            "open": open_,
            "confirmed": bool(stored),
            "selected_count": sum(1 for selected, _reason in stored.values() if selected),
            "ticked_count": sum(1 for line in lines if line.ticked),
            "decision": decision,
            "decision_total": results.money(decision.grant_total) if decision else "",
            "form": form or DecisionForm(call=call),
            "general_error": (errors or {}).get(None, ""),
            "open_items": service.open_items_text(service.open_items(call)) if decision is None else "",
        }
        return context

    if ticked is None and errors is None and form is None:
        content, kept = page_cache.content(request, call, "selection", CONTENT, build, keep=("open", "has_lines"))
    else:
        kept = build()
        content = render_to_string(CONTENT, kept, request=request)
    context = {"call": call, "content": content, "open": kept["open"], "lines": kept["has_lines"]}
    return render(request, "review/results/selection.html", context, status=status)


@permission_required("review.select")
def selection(request, year: int):
    """GET: the ranked table, ticks preselected for the top ``quota``; POST: confirm the selection."""
    call = call_of(year)
    if request.method != "POST":
        return render_page(request, call)
    ticked = {int(value) for value in request.POST.getlist("selected") if value.isdigit()}
    reasons = {}
    for key, value in request.POST.items():
        if key.startswith("reason_") and key[7:].isdigit():
            reasons[int(key[7:])] = value
    try:
        service.confirm(call, ticked, reasons, actor=request.user)
    except service.SelectionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("review:selection", year=year)
    except service.SelectionInvalid as invalid:
        messages.error(request, _("入选名单未保存：请按提示填写调整理由。"))
        return render_page(request, call, ticked=ticked, reasons=reasons, errors=invalid.errors, status=400)
    messages.success(request, _("入选名单已确认。"))
    return redirect("review:selection", year=year)


@permission_required("review.select")
@require_POST
def decision(request, year: int):
    """Record the panel's decision; the review becomes ``decided``."""
    call = call_of(year)
    form = DecisionForm(request.POST, call=call)
    if not form.is_valid():
        return render_page(request, call, form=form, status=400)
    try:
        service.decide(
            call,
            decided_on=form.cleaned_data["decided_on"],
            members=form.cleaned_data["members"],
            minutes=form.cleaned_data["minutes"],
            actor=request.user,
            confirm_reason=form.cleaned_data["confirm_reason"],
        )
    except service.DecisionNeedsConfirmation as refusal:
        form.add_error("confirm_reason", refusal.message)
        return render_page(request, call, form=form, status=400)
    except service.SelectionRefused as refusal:
        messages.error(request, str(refusal))
        return render_page(request, call, form=form, status=400)
    messages.success(request, _("评审决定已记录，入选名单已确定。"))
    return redirect("review:selection", year=year)
