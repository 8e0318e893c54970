"""The on-site exchange: staff's plan of sessions and slots (and the on-site assignments made from it), and the
unit's page showing its own slot once the call has reached the on-site phase (nothing about scores)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from psyboost.applications.models import Application
from psyboost.core.permissions import permission_required
from psyboost.review.forms_scoring import SessionForm, SlotForm
from psyboost.review.models import Assignment, OnsiteSession, OnsiteSlot, ReviewPhase, Stage
from psyboost.review.services import onsite
from psyboost.review.services.panel import review_settings_of

from .panel_base import call_of


@permission_required("review.manage_review")
def sessions(request, year: int):
    """One page, several plain forms told apart by ``action``: session, slot, remove_slot, assign."""
    call = call_of(year)
    shortlist = onsite.shortlist(call)
    experts = onsite.experts_of(call)
    action = request.POST.get("action") if request.method == "POST" else None
    session_form = SessionForm(request.POST if action == "session" else None, experts=experts)
    slot_form = SlotForm(request.POST if action == "slot" else None, call=call, shortlist=shortlist)
    skipped = []
    try:
        if action == "session" and session_form.is_valid():
            onsite.create_session(call, actor=request.user, **session_form.cleaned_data)
            messages.success(request, _("现场交流场次已创建。"))
            return redirect("review:onsite", call.year)
        if action == "slot" and slot_form.is_valid():
            data = slot_form.cleaned_data
            application = get_object_or_404(Application, pk=data["application"], call=call)
            onsite.add_slot(
                data["session"], application, starts_at=data["starts_at"], minutes=data["minutes"], actor=request.user
            )
            messages.success(request, _("已安排 %(application)s。") % {"application": application})
            return redirect("review:onsite", call.year)
        if action == "remove_slot":
            slot = OnsiteSlot.objects.filter(pk=request.POST.get("slot") or 0, session__call=call).first()
            if slot is not None:
                onsite.remove_slot(slot, actor=request.user)
                messages.success(request, _("已取消该安排。"))
            return redirect("review:onsite", call.year)
        if action == "assign":
            result = onsite.assign_from_sessions(call, request.user)
            skipped = result.skipped
            messages.success(request, _("已生成 %(n)d 项现场交流评审分配。") % {"n": len(result.created)})
    except onsite.OnsiteRefused as refusal:
        messages.error(request, str(refusal))
    if action and action not in ("session", "slot", "assign"):
        messages.error(request, _("未知的操作。"))
    slotted = set(OnsiteSlot.objects.filter(session__call=call).values_list("application_id", flat=True))
    plan = OnsiteSession.objects.filter(call=call).prefetch_related(
        "experts", "slots__application__unit", "slots__application__call"
    )
    context = {
        "call": call,
        "review_settings": review_settings_of(call),
        "plan": plan,
        "session_form": session_form,
        "slot_form": slot_form,
        "shortlist": shortlist,
        "unscheduled": [a for a in shortlist if a.pk not in slotted],
        "skipped": skipped,
        "onsite_assignments": Assignment.objects.filter(application__call=call, stage=Stage.ONSITE).count(),
    }
    return render(request, "review/onsite/sessions.html", context)


@permission_required("review.view_onsite_slot")
def my_slot(request, year: int):
    """The unit's own slot: date, time, place; shown only once the call's review reached the on-site phase."""
    call = call_of(year)
    review_settings = review_settings_of(call)
    slot = None
    if review_settings.has_reached(ReviewPhase.ONSITE):
        application = Application.objects.filter(call=call, unit_id=request.user.unit_id).first()
        slot = application and onsite.slot_of(application)
    return render(request, "review/onsite/my_slot.html", {"call": call, "slot": slot})
