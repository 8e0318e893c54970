"""Conflicts of interest (回避): declared by the expert, recorded by staff, or detected by the system.

What happens to an assignment when a conflict with it becomes active: an assignment whose review is not submitted
is removed at once (with its draft; the audit record keeps what it held); an assignment with a submitted review is
kept for the record but counts for nothing — the predicates treat a conflicted expert as unrelated to the
application (no access, by any URL), and the assignment page flags it for staff. Dismissing a conflict restores
nothing by itself: staff assign again if they wish.

A declaration made late — after the expert submitted a review for the unit's application, or once the materials
stage has closed (scores are visible) — changes nothing by itself: it waits (``pending``) for staff to accept or
refuse it with a reason (``decide``), so that nobody can drop their own submitted review out of the ranking after
reading the others'. Every decision is recorded.
"""

import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from psyboost.applications.workflow import State
from psyboost.audit.services import record
from psyboost.core.actors import acting_user
from psyboost.core.refusals import Refused
from psyboost.review.models import Assignment, Conflict, Expert, PanelMember, Review, Stage
from psyboost.review.models.scoring import ReviewState

from .panel import review_settings_of


class ConflictRefused(Refused):
    """The conflict cannot be recorded or dismissed like that; the message says why, in Chinese."""


_BRACKETS = re.compile(r"[()\[\]{}<>（）【】〔〕《》「」『』\s·・,，.。、\-—_]")


def normalise_name(value: str) -> str:
    """An organisation's name reduced to compare: full-width folded, spaces, brackets and punctuation dropped."""
    return _BRACKETS.sub("", unicodedata.normalize("NFKC", value or "")).lower()


def units_of_call(call):
    """The units with an accepted application in the call (or a selected one: its closing evaluation is judged by
    the same panel): the only ones a conflict can matter for."""
    from psyboost.calls.models import Unit

    return Unit.objects.filter(
        applications__call=call, applications__state__in=(State.ACCEPTED, State.SELECTED)
    ).distinct()


def _release_assignments(conflict: Conflict, actor) -> list[int]:
    """Remove the expert's unsubmitted assignments for the unit's application (see the module docstring)."""
    assignments = Assignment.objects.filter(
        application__call=conflict.call, application__unit=conflict.unit, expert=conflict.expert
    ).select_related("review")
    removed = []
    for assignment in assignments:
        review = getattr(assignment, "review", None)
        if review is not None and review.state == ReviewState.SUBMITTED:
            continue
        draft = [(s.criterion_id, str(s.points)) for s in review.scores.all()] if review is not None else []
        record(
            actor,
            "review.assignment_removed",
            assignment,
            reason=str(_("利益冲突")),
            application=assignment.application_id,
            expert=assignment.expert_id,
            stage=assignment.stage,
            draft_scores=draft,
            conflict=conflict.pk,
        )
        removed.append(assignment.pk)
        assignment.delete()
    return removed


def is_late(call, expert: Expert, unit) -> bool:
    """Whether a declaration by ``expert`` for ``unit`` now needs a staff decision (see the module docstring)."""
    submitted = Review.objects.filter(
        assignment__expert=expert,
        assignment__application__call=call,
        assignment__application__unit=unit,
        state=ReviewState.SUBMITTED,
    ).exists()
    return submitted or review_settings_of(call).stage_closed(Stage.MATERIALS)


def add(call, expert: Expert, unit, kind: str, source: str, *, actor, note: str = "") -> Conflict:
    """Record an active conflict (or reactivate a dismissed one of the same kind); an expert's late declaration is
    recorded as pending, for staff to decide."""
    if kind not in Conflict.Kind.values or source not in Conflict.Source.values:
        raise ConflictRefused(_("请选择有效的冲突类型。"))
    if not PanelMember.objects.filter(call=call, expert=expert).exists() and source == Conflict.Source.DECLARED:
        raise ConflictRefused(_("您不是本年度评审组成员。"))
    if not units_of_call(call).filter(pk=unit.pk).exists():
        raise ConflictRefused(_("该单位没有本年度已受理的申报。"))
    late = source == Conflict.Source.DECLARED and is_late(call, expert, unit)
    try:
        with transaction.atomic():
            conflict, created = Conflict.objects.get_or_create(
                call=call,
                expert=expert,
                unit=unit,
                kind=kind,
                defaults={
                    "source": source,
                    "note": note,
                    "recorded_by": acting_user(actor),
                    "active": not late,
                    "pending": late,
                },
            )
            if not created:
                if conflict.active:
                    raise ConflictRefused(_("该利益冲突已登记。"))
                if conflict.pending:
                    raise ConflictRefused(_("该利益冲突已申报，正等待工作人员决定。"))
                conflict.active, conflict.pending = not late, late
                conflict.dismissed_reason, conflict.note = "", note or conflict.note
                conflict.save(update_fields=["active", "pending", "dismissed_reason", "note"])
            if late:
                record(
                    actor,
                    "review.conflict_declared_late",
                    conflict,
                    year=call.year,
                    expert=expert.pk,
                    unit=unit.pk,
                    kind=kind,
                    note=note,
                )
                return conflict
            removed = _release_assignments(conflict, actor)
            record(
                actor,
                "review.conflict_added",
                conflict,
                year=call.year,
                expert=expert.pk,
                unit=unit.pk,
                kind=kind,
                source=source,
                note=note,
                removed_assignments=removed,
            )
    except IntegrityError as error:
        raise ConflictRefused(_("该利益冲突刚刚被登记过，请刷新页面。")) from error
    return conflict


def dismiss(conflict: Conflict, *, actor, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ConflictRefused(_("排除利益冲突须填写理由。"))
    if not conflict.active:
        raise ConflictRefused(_("该利益冲突已排除。"))
    with transaction.atomic():
        conflict.active = False
        conflict.dismissed_reason = reason
        conflict.save(update_fields=["active", "dismissed_reason"])
        record(actor, "review.conflict_dismissed", conflict, reason=reason, year=conflict.call.year)


def decide(conflict: Conflict, *, accept: bool, actor, reason: str) -> None:
    """Staff's decision on a pending (late) declaration, with a reason: accepted, it becomes active (an unsubmitted
    assignment is removed, a submitted review then counts for nothing); refused, it is kept as dismissed."""
    reason = (reason or "").strip()
    if not reason:
        raise ConflictRefused(_("决定须填写理由。"))
    with transaction.atomic():
        conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
        if not conflict.pending:
            raise ConflictRefused(_("该利益冲突已有决定。"))
        conflict.pending = False
        conflict.active = accept
        conflict.dismissed_reason = "" if accept else reason
        conflict.save(update_fields=["pending", "active", "dismissed_reason"])
        removed = _release_assignments(conflict, actor) if accept else []
        record(
            actor,
            "review.conflict_accepted" if accept else "review.conflict_refused",
            conflict,
            reason=reason,
            year=conflict.call.year,
            expert=conflict.expert_id,
            unit=conflict.unit_id,
            removed_assignments=removed,
        )


def likely_conflicts(call) -> list[tuple[Expert, object, str, str]]:
    """(expert, unit, kind, why) for every panel member and unit the rules flag; pure reading."""
    same_district = review_settings_of(call).same_district_conflicts
    experts = list(Expert.objects.on_panel(call).order_by("pk"))
    found = []
    for unit in units_of_call(call).order_by("pk"):
        unit_name, parent = normalise_name(unit.name), normalise_name(unit.parent_union)
        for expert in experts:
            organisation = normalise_name(expert.organisation)
            if organisation and organisation == unit_name:
                found.append((expert, unit, Conflict.Kind.OWN_UNIT, str(_("专家工作单位即申报单位"))))
            elif organisation and (organisation == parent or organisation in parent):
                found.append((expert, unit, Conflict.Kind.SUPERIOR, str(_("专家工作单位是申报单位的上级工会"))))
            elif same_district and expert.district_union and expert.district_union == unit.district_union:
                found.append(
                    (expert, unit, Conflict.Kind.SAME_DISTRICT, str(_("专家与申报单位同属一个区（产业）工会")))
                )
    return found


def detect(call, *, actor=None) -> list[Conflict]:
    """Record every likely conflict not yet known (source 系统识别). One already recorded in any state — also one
    staff dismissed — is left as it is, so a dismissal is never undone by running detection again."""
    known = set(Conflict.objects.filter(call=call).values_list("expert_id", "unit_id", "kind"))
    created = []
    with transaction.atomic():
        for expert, unit, kind, why in likely_conflicts(call):
            if (expert.pk, unit.pk, kind) in known:
                continue
            created.append(add(call, expert, unit, kind, Conflict.Source.DETECTED, actor=actor, note=why))
        record(actor, "review.conflicts_detected", call, created=len(created))
    return created


def conflicted_pairs(call) -> set[tuple[int, int]]:
    """(expert id, application id) of every active conflict of the call, for the assignment."""
    from psyboost.applications.models import Application

    units = dict(Application.objects.filter(call=call).values_list("unit_id", "pk"))
    return {
        (expert_id, units[unit_id])
        for expert_id, unit_id in Conflict.objects.filter(call=call).active().pairs()
        if unit_id in units
    }
