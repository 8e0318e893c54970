"""Who judges what: the optimal automatic assignment (``review.assignment_solver.assign``) and manual changes.

The experts are the panel members of both kinds (outside experts and business-department members: the notice
makes them one panel). The applications are the call's accepted ones for the materials stage, the shortlist for
the on-site stage. Existing assignments stay as they are (the optimiser treats them as fixed) and only the gaps
are filled. Affinity: the share of an expert's expertise keywords (专业领域, split at 、，,;；/ and spaces) found in the
application's texts, with a few synonyms (EAP ↔ 员工帮助计划 …); it only breaks ties between equally balanced
assignments.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.audit.services import record
from psyboost.core.actors import acting_user
from psyboost.core.refusals import Refused
from psyboost.review import assignment_solver as optimiser
from psyboost.review.models import Assignment, Expert, PanelMember, Stage
from psyboost.review.models.scoring import ReviewState

from .conflicts import conflicted_pairs
from .panel import review_settings_of
from .phases import scheduled_for_onsite

TEXT_FIELDS = (
    "unit_profile",
    "past_model",
    "past_results",
    "beneficiaries",
    "plan",
    "expected_results",
    "past_beneficiaries",
)
SYNONYMS = {
    "eap": ("eap", "员工帮助计划"),
    "员工帮助计划": ("eap", "员工帮助计划"),
    "团体辅导": ("团体辅导", "团辅", "团体心理"),
    "危机干预": ("危机干预", "心理危机"),
    "心理咨询": ("心理咨询", "个体咨询", "咨询"),
    "压力管理": ("压力管理", "减压", "压力"),
}
_SPLIT = re.compile(r"[、，,;；/\s]+")


class AssignmentRefused(Refused):
    """The assignment cannot change like that; the message says why, in Chinese."""


@dataclass(frozen=True)
class AutoResult:
    created: int
    gaps: dict
    rejected_fixed: tuple
    balanced: bool


def keywords(expertise: str) -> list[str]:
    return [word.lower() for word in _SPLIT.split(expertise or "") if len(word) >= 2]


def affinity(expert: Expert, text: str) -> Decimal:
    words = keywords(expert.expertise)
    if not words:
        return Decimal(0)
    hits = sum(1 for word in words if any(alias in text for alias in SYNONYMS.get(word, (word,))))
    return (Decimal(hits) / Decimal(len(words))).quantize(Decimal("0.01"))


def applications_for(call, stage: str):
    applications = Application.objects.filter(call=call, state=State.ACCEPTED)
    if stage == Stage.ONSITE:
        applications = applications.filter(pk__in=scheduled_for_onsite(call))
    return applications.order_by("number", "pk")


def panel_experts(call) -> list[Expert]:
    return list(Expert.objects.on_panel(call).order_by("pk"))


def _refuse_if_closed(call, stage: str) -> None:
    if review_settings_of(call).stage_closed(stage):
        raise AssignmentRefused(_("“%(stage)s”环节已结束，不能再调整评审分配。") % {"stage": Stage(stage).label})


def assign_automatically(call, stage: str, *, actor) -> AutoResult:
    """Fill every application of ``stage`` up to k experts, keeping the existing assignments."""
    _refuse_if_closed(call, stage)
    k = review_settings_of(call).reviewers_per_application
    experts = panel_experts(call)
    if not experts:
        raise AssignmentRefused(_("评审组还没有成员，无法分配。"))
    applications = list(applications_for(call, stage).only("pk", *TEXT_FIELDS))
    expert_ids = {expert.pk for expert in experts}
    application_ids = {application.pk for application in applications}
    fixed = [
        pair
        for pair in Assignment.objects.filter(application__call=call, stage=stage).values_list(
            "expert_id", "application_id"
        )
        if pair[0] in expert_ids and pair[1] in application_ids
    ]
    conflicts = {pair for pair in conflicted_pairs(call) if pair[1] in application_ids}
    scores = {}
    for application in applications:
        text = " ".join(getattr(application, name) or "" for name in TEXT_FIELDS).lower()
        for expert in experts:
            value = affinity(expert, text)
            if value:
                scores[(expert.pk, application.pk)] = value
    result = optimiser.assign(
        [a.pk for a in applications], [e.pk for e in experts], k=k, conflicts=conflicts, affinity=scores, fixed=fixed
    )
    creator = acting_user(actor)
    with transaction.atomic():
        Assignment.objects.bulk_create(
            Assignment(
                application_id=application_id,
                expert_id=expert_id,
                stage=stage,
                source=Assignment.Source.AUTOMATIC,
                created_by=creator,
            )
            for expert_id, application_id in sorted(result.new, key=lambda pair: (pair[1], pair[0]))
        )
        record(
            actor,
            "review.assigned_automatically",
            call,
            stage=stage,
            k=k,
            created=len(result.new),
            gaps={str(key): value for key, value in result.gaps.items()},
            spread=result.spread,
        )
    return AutoResult(len(result.new), dict(result.gaps), result.rejected_fixed, result.balanced)


def add(call, application: Application, expert: Expert, stage: str, *, actor) -> Assignment:
    """A manual assignment; refused for a conflicted pair, an expert off the panel or an application not in play."""
    _refuse_if_closed(call, stage)
    if application.call_id != call.pk or not applications_for(call, stage).filter(pk=application.pk).exists():
        raise AssignmentRefused(_("该申报不在本环节的评审范围内。"))
    if not PanelMember.objects.filter(call=call, expert=expert).exists():
        raise AssignmentRefused(_("“%(name)s”不是本年度评审组成员。") % {"name": expert.name})
    if (expert.pk, application.pk) in conflicted_pairs(call):
        raise AssignmentRefused(_("“%(name)s”与该申报单位存在利益冲突，不能分配。") % {"name": expert.name})
    try:
        with transaction.atomic():
            created = Assignment.objects.create(
                application=application, expert=expert, stage=stage, source=Assignment.Source.MANUAL, created_by=actor
            )
            record(actor, "review.assignment_added", created, application=application.pk, expert=expert.pk, stage=stage)
    except IntegrityError as error:
        raise AssignmentRefused(_("“%(name)s”已分配评审该申报。") % {"name": expert.name}) from error
    return created


def remove(assignment: Assignment, *, actor, reason: str = "") -> None:
    """Take an assignment away; refused once its review is submitted (reopen it first). A draft goes with it and
    the audit record keeps its points."""
    _refuse_if_closed(assignment.application.call, assignment.stage)
    review = getattr(assignment, "review", None)
    if review is not None and review.state == ReviewState.SUBMITTED:
        raise AssignmentRefused(_("该专家已提交评分，不能移除该分配。"))
    draft = [(s.criterion_id, str(s.points)) for s in review.scores.all()] if review is not None else []
    with transaction.atomic():
        record(
            actor,
            "review.assignment_removed",
            assignment,
            reason=reason,
            application=assignment.application_id,
            expert=assignment.expert_id,
            stage=assignment.stage,
            draft_scores=draft,
        )
        assignment.delete()
