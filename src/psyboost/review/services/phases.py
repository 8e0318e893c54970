"""Moving a call through the review phases: forward one step at a time (with the step's preconditions), back one
step with a logged reason. Optional dates go with the move.

Entering ``onsite`` (``on_enter``, in the move's transaction) makes one on-site assignment per (shortlisted
application, expert of its on-site session), unless the expert has an active conflict with the unit
(``onsite.assign_from_sessions``). For opening the stage, the shortlist is the set of applications with an on-site
slot (the on-site planning writes the sessions and slots from the shortlist of the materials ranking).
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from psyboost.audit.services import record
from psyboost.calls import lifecycle
from psyboost.core.actors import acting_user
from psyboost.core.refusals import Refused
from psyboost.review.models import Criterion, OnsiteSlot, PanelMember, ReviewPhase, ReviewSettings, Stage
from psyboost.review.models.settings import PHASE_ORDER

from .onsite import assign_from_sessions, tell_units
from .panel import review_settings_of

DATE_FIELDS = ("materials_opens_on", "materials_closes_on", "onsite_opens_on", "onsite_closes_on")


class PhaseRefused(Refused):
    """The move is not possible now; the message says why, in Chinese."""


def next_phase(phase: str) -> str | None:
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def previous_phase(phase: str) -> str | None:
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index - 1] if index > 0 else None


def scheduled_for_onsite(call):
    """The applications of the on-site exchange: those given an on-site slot."""
    return OnsiteSlot.objects.filter(session__call=call).values_list("application_id", flat=True)


def problems_before(call, phase: str) -> list[str]:
    """Why the call cannot enter ``phase`` now (empty when it can)."""
    problems = []
    if phase == ReviewPhase.MATERIALS:
        if lifecycle.public_phase(call) in (lifecycle.PublicPhase.NOT_STARTED, lifecycle.PublicPhase.OPEN):
            problems.append(str(_("申报尚未截止，不能开始材料审核。")))
        if not Criterion.objects.filter(call=call, stage=Stage.MATERIALS).exists():
            problems.append(str(_("材料审核的评分细则是空的，请先设置评分细则。")))
        if not PanelMember.objects.filter(call=call).exists():
            problems.append(str(_("评审组还没有成员，请先组建评审组。")))
    if phase == ReviewPhase.ONSITE:
        if not Criterion.objects.filter(call=call, stage=Stage.ONSITE).exists():
            problems.append(str(_("现场交流的评分细则是空的，请先设置评分细则。")))
        if not scheduled_for_onsite(call).exists():
            problems.append(str(_("还没有入围名单（现场交流安排），请先确定入围并安排现场交流。")))
    return problems


def move(
    call, to_phase: str, *, actor, reason: str = "", dates: dict[str, date | None] | None = None
) -> ReviewSettings:
    """Move to the next phase, or back to the previous one (``reason`` required); refused otherwise."""
    reason = (reason or "").strip()
    with transaction.atomic():
        review_settings = ReviewSettings.objects.select_for_update().get(pk=review_settings_of(call).pk)
        current = review_settings.phase
        if to_phase not in PHASE_ORDER:
            raise PhaseRefused(_("未知的评审阶段。"))
        if to_phase == current:
            raise PhaseRefused(
                _("评审已处于“%(phase)s”阶段（可能刚被其他工作人员修改过）。") % {"phase": ReviewPhase(current).label}
            )
        backwards = to_phase == previous_phase(current)
        if not backwards and to_phase != next_phase(current):
            raise PhaseRefused(_("只能进入下一阶段，或退回上一阶段。"))
        if backwards and not reason:
            raise PhaseRefused(_("退回上一阶段须填写理由。"))
        if not backwards:
            problems = problems_before(call, to_phase)
            if problems:
                raise PhaseRefused(" ".join(problems))
        changed_dates = {}
        for key, value in (dates or {}).items():
            if key in DATE_FIELDS and value is not None and getattr(review_settings, key) != value:
                setattr(review_settings, key, value)
                changed_dates[key] = value.isoformat()
        review_settings.phase = to_phase
        review_settings.updated_by = acting_user(actor)
        review_settings.save()
        record(
            actor,
            "review.phase_moved",
            call,
            reason=reason,
            before=current,
            after=to_phase,
            backwards=backwards,
            dates=changed_dates,
        )
        if not backwards:
            on_enter(call, to_phase, actor)
    return review_settings


def on_enter(call, phase: str, actor) -> None:
    if phase == ReviewPhase.ONSITE:
        assign_from_sessions(call, actor)
        tell_units(call)
