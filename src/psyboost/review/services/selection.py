"""The outcome of the review: staff confirm which applications are selected (入选), against the ranking and the
quota, and record the panel's decision, which moves the review to ``decided``.

Rules: selection and decision happen only in the ``decision`` phase; at most ``quota`` applications are selected;
a selected row below the quota line or an unselected row above it is an *override* and needs its own reason
(stored on the ``Selection`` and audited); the decision is recorded once.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.audit.services import record
from psyboost.core.actors import acting_user
from psyboost.core.refusals import Refused
from psyboost.review.models import Decision, ReviewPhase, ReviewSettings, Selection

from . import phases, stored
from .panel import review_settings_of
from .results import ranking_of


class SelectionRefused(Refused):
    """The selection or decision is not possible now; the message says why, in Chinese."""


class SelectionInvalid(Refused):
    """Reasons missing or too many selected: ``errors`` maps an application pk (or ``None``) to a message."""

    def __init__(self, errors: dict):
        super().__init__(_("入选名单有误，请按提示修改。"))
        self.errors = errors


def _check_phase(call) -> ReviewSettings:
    review_settings = review_settings_of(call)
    if review_settings.phase != ReviewPhase.DECISION:
        raise SelectionRefused(
            _("只能在“%(phase)s”阶段确定入选名单（当前：%(current)s）。")
            % {"phase": ReviewPhase.DECISION.label, "current": review_settings.get_phase_display()}
        )
    if Decision.objects.filter(call=call).exists():
        raise SelectionRefused(_("评审决定已记录，入选名单不能再修改。"))
    return review_settings


def proposed(call) -> dict[int, tuple[bool, str]]:
    """Application pk → (selected, reason) as last confirmed, or empty when nothing is confirmed yet."""
    return {
        selection.application_id: (selection.selected, selection.reason)
        for selection in Selection.objects.filter(application__call=call)
    }


def confirm(call, selected_ids, reasons: dict, *, actor) -> list[Selection]:
    """Store the selection of every ranked application; ``reasons`` maps pk → text for the departures."""
    review_settings = _check_phase(call)
    ranking = ranking_of(call, review_settings)
    selected_ids = {int(pk) for pk in selected_ids}
    errors = {}
    count = sum(1 for row in ranking.rows if row.application_id in selected_ids)
    if count > call.quota:
        errors[None] = _("入选数量（%(count)s）超过名额（%(quota)s）。") % {"count": count, "quota": call.quota}
    rows = []
    for row in ranking.rows:
        selected = row.application_id in selected_ids
        overridden = selected != (row.rank <= call.quota)
        reason = (reasons.get(row.application_id) or "").strip() if overridden else ""
        if overridden and not reason:
            errors[row.application_id] = (
                _("排名在名额线以下却入选，须填写理由。") if selected else _("排名在名额线以内却未入选，须填写理由。")
            )
        rows.append((row, selected, overridden, reason))
    if errors:
        raise SelectionInvalid(errors)
    with transaction.atomic():
        Selection.objects.filter(application__call=call).exclude(
            application_id__in=[row.application_id for row, *_rest in rows]
        ).delete()
        result = []
        for row, selected, overridden, reason in rows:
            selection, _created = Selection.objects.update_or_create(
                application_id=row.application_id,
                defaults={
                    "rank": row.rank,
                    "final_score": row.final.value,
                    "selected": selected,
                    "overridden": overridden,
                    "reason": reason,
                    "updated_by": acting_user(actor),
                },
            )
            if overridden:
                record(
                    actor,
                    "review.selection_overridden",
                    selection.application,
                    reason=reason,
                    rank=row.rank,
                    selected=selected,
                    quota=call.quota,
                )
            result.append(selection)
        stored.bump(call.pk)  # one bump for the whole list, not one per row
        record(
            actor,
            "review.selection_confirmed",
            call,
            selected=[row.application_id for row, selected, *_rest in rows if selected],
            overridden=[row.application_id for row, _s, overridden, _r in rows if overridden],
        )
    return result


class DecisionNeedsConfirmation(SelectionRefused):
    """Accepted applications without a counted score, or submissions not yet checked: staff confirm with a reason."""


def open_items(call) -> dict:
    """What is still open before the decision: accepted applications without any counted score (``unscored``, in
    编号 order) and submissions waiting for the formal check (``unchecked``)."""
    ranked = {row.application_id for row in ranking_of(call).rows}
    accepted = Application.objects.filter(call=call, state=State.ACCEPTED).select_related("call").order_by("number")
    return {
        "unscored": [application for application in accepted if application.pk not in ranked],
        "unchecked": Application.objects.filter(call=call, state=State.SUBMITTED).count(),
    }


def open_items_text(items: dict) -> str:
    parts = []
    if items["unscored"]:
        parts.append(
            _("%(count)s 个已受理的申报还没有计入的评分（%(numbers)s）")
            % {
                "count": len(items["unscored"]),
                "numbers": "、".join(application.display_number for application in items["unscored"]),
            }
        )
    if items["unchecked"]:
        parts.append(_("%(count)s 个已提交的申报尚未形式审查") % {"count": items["unchecked"]})
    return "；".join(parts)


def decide(call, *, decided_on: date, members, minutes: str, actor, confirm_reason: str = "") -> Decision:
    """Record the panel's decision on the confirmed selection and move the review to ``decided``.

    Refused while accepted applications are unscored or submissions unchecked, unless ``confirm_reason`` says why
    the panel decides anyway (recorded in the audit with the open items)."""
    _check_phase(call)
    members = list(members)
    selected_count = Selection.objects.filter(application__call=call, selected=True).count()
    if not selected_count:
        raise SelectionRefused(_("请先确认入选名单，再记录评审决定。"))
    if not members:
        raise SelectionRefused(_("请选择出席的评审组成员。"))
    confirm_reason = (confirm_reason or "").strip()
    items = open_items(call)
    if (items["unscored"] or items["unchecked"]) and not confirm_reason:
        raise DecisionNeedsConfirmation(
            _("%(items)s。如仍要记录评审决定，请填写确认理由。") % {"items": open_items_text(items)},
            field="confirm_reason",
        )
    with transaction.atomic():
        decision = Decision.objects.create(
            call=call,
            decided_on=decided_on,
            minutes=minutes.strip(),
            selected_count=selected_count,
            grant_total=call.grant_amount * selected_count,
            confirmed_by=acting_user(actor),
        )
        decision.members.set(members)
        record(
            actor,
            "review.decided",
            call,
            reason=confirm_reason if items["unscored"] or items["unchecked"] else "",
            unscored=[application.display_number for application in items["unscored"]],
            unchecked=items["unchecked"],
            decided_on=decided_on.isoformat(),
            selected_count=selected_count,
            grant_total=str(decision.grant_total),
            members=[member.pk for member in members],
        )
        phases.move(call, ReviewPhase.DECIDED, actor=actor)
    return decision
