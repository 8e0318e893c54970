"""Demo step ``review``: the 2020 call's review, ready for staff to try the selection.

A panel of the nine demo experts (expert1 chairs), the default rubric, a few declared, staff-recorded and detected
conflicts, materials assignments k=3 by the optimiser, submitted scores for every accepted application (lenient and
harsh experts, a few strong disagreements), the shortlist, on-site sessions with scores, and the phase at
``decision``. Seeded (the same figures on every run) and idempotent: once the call has assignments, nothing is
touched again.
"""

import random
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.audit.services import record
from psyboost.review.assignment_solver import assign
from psyboost.review.models import (
    Assignment,
    Conflict,
    Criterion,
    Expert,
    OnsiteSession,
    OnsiteSlot,
    PanelMember,
    Review,
    ReviewPhase,
    ReviewSettings,
    Score,
    Stage,
)

from .base import BEIJING, DemoContext, StepReport

YEAR = 2020
SEED = "review-2020"
SHORTLIST = 50
# (name — the account's display name, organisation, title, expertise, district union, leniency in points)
EXPERTS = [
    ("王立新", "首都师范大学心理学院", "教授", "职工心理健康、组织行为", "海淀区", 0),
    ("李嘉怡", "北京市心理卫生协会", "副理事长", "心理咨询、危机干预", "西城区", 7),
    ("张国华", "北京大学心理与认知科学学院", "副教授", "团体辅导、压力管理", "海淀区", -8),
    ("刘慧敏", "北京市总工会职工服务中心", "主任", "职工服务、工会工作", "东城区", 3),
    ("陈志强", "中国科学院心理研究所", "研究员", "心理测评、EAP", "朝阳区", -4),
    ("杨雪梅", "北京安定医院", "主任医师", "精神卫生、心理治疗", "西城区", 1),
    ("赵明远", "北京市总工会财务部", "处长", "经费预算、财务审核", "东城区", -2),
    ("黄蕾", "北京联合大学", "副教授", "社会工作、家庭关系", "朝阳区", 5),
    ("吴海峰", "首都经济贸易大学", "讲师", "劳动关系、企业管理", "丰台区", -1),
]
HIGH_DISAGREEMENT = 4  # applications where one expert is far from the others


def _half(value: Decimal, maximum: Decimal) -> Decimal:
    value = min(max(value, Decimal(0)), maximum)
    return (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def _scores(rng, review, criteria, target: float) -> None:
    """Points per criterion around ``target`` per cent of each maximum."""
    Score.objects.bulk_create(
        Score(
            review=review,
            criterion=criterion,
            points=_half(
                Decimal(str(round((target + rng.gauss(0, 5)) / 100 * float(criterion.max_points), 2))),
                criterion.max_points,
            ),
        )
        for criterion in criteria
    )


def _submit(rng, assignment, criteria, target, moment) -> None:
    review = Review.objects.create(assignment=assignment, state=Review.State.SUBMITTED, submitted_at=moment)
    _scores(rng, review, criteria, target)


def _panel(context: DemoContext, call) -> list[Expert]:
    experts = []
    for number, (name, organisation, title, expertise, district, _lenient) in enumerate(EXPERTS, start=1):
        expert, _created = Expert.objects.get_or_create(
            user=context.users[f"expert{number}"],
            defaults={
                "name": name,
                "organisation": organisation,
                "title": title,
                "expertise": expertise,
                "district_union": district,
                "email": f"expert{number}@example.org",
            },
        )
        PanelMember.objects.get_or_create(call=call, expert=expert, defaults={"is_chair": number == 1})
        experts.append(expert)
    return experts


def _rubric(call, staff) -> None:
    from psyboost.review.services import rubric

    for stage in (Stage.MATERIALS, Stage.ONSITE):
        if not Criterion.objects.filter(call=call, stage=stage).exists():
            rubric.install_default(call, stage, actor=staff)


def _conflicts(rng, call, experts, applications, staff) -> set[tuple[int, int]]:
    from psyboost.review.services import conflicts

    picks = rng.sample(applications, 5)
    plan = [
        (experts[1], picks[0], Conflict.Kind.COLLABORATION, Conflict.Source.DECLARED, "2019年曾为该单位开展培训"),
        (experts[4], picks[1], Conflict.Kind.OWN_UNIT, Conflict.Source.DECLARED, "兼职心理顾问"),
        (experts[7], picks[2], Conflict.Kind.RELATIVE, Conflict.Source.STAFF, "亲属在该单位工会任职"),
        (experts[3], picks[3], Conflict.Kind.SUPERIOR, Conflict.Source.DETECTED, ""),
        (experts[6], picks[4], Conflict.Kind.SAME_DISTRICT, Conflict.Source.DETECTED, ""),
    ]
    for expert, application, kind, source, note in plan:
        conflicts.add(call, expert, application.unit, kind, source, actor=staff, note=note)
    units = {application.unit_id: application.pk for application in applications}
    return {
        (expert_id, units[unit_id])
        for expert_id, unit_id in Conflict.objects.filter(call=call).active().pairs()
        if unit_id in units
    }


def load(context: DemoContext) -> StepReport:
    report = StepReport()
    call = context.calls.get(YEAR)
    if call is None:
        return report
    if Assignment.objects.filter(application__call=call).exists():
        report.unchanged += 1
        return report
    report.created += review_call(context, call, SEED)
    return report


def review_call(context: DemoContext, call, seed: str) -> int:
    """The whole review of ``call``'s accepted applications up to the panel's decision (phase ``decision``):
    panel, rubric, conflicts, materials scores, shortlist, on-site scores. Answers how many reviews it made."""
    report = StepReport()
    rng = random.Random(seed)
    staff = context.users["staff"]
    applications = list(
        Application.objects.filter(call=call, state=State.ACCEPTED).select_related("unit").order_by("number")
    )
    if not applications:
        return 0
    deadline = call.deadline.astimezone(BEIJING).date()
    settings, _created = ReviewSettings.objects.get_or_create(call=call)
    settings.shortlist_size = min(SHORTLIST, len(applications))
    settings.materials_opens_on, settings.materials_closes_on = (
        deadline + timedelta(days=10),
        deadline + timedelta(days=30),
    )
    settings.onsite_opens_on, settings.onsite_closes_on = deadline + timedelta(days=40), deadline + timedelta(days=55)
    settings.save()
    experts = _panel(context, call)
    _rubric(call, staff)
    conflicted = _conflicts(rng, call, experts, applications, staff)
    lenient = {expert.pk: spec[5] for expert, spec in zip(experts, EXPERTS, strict=True)}

    result = assign([a.pk for a in applications], [e.pk for e in experts], k=3, conflicts=conflicted)
    quality = {application.pk: rng.uniform(55, 90) for application in applications}
    disputed = set(rng.sample([a.pk for a in applications], HIGH_DISAGREEMENT))
    materials = list(Criterion.objects.filter(call=call, stage=Stage.MATERIALS).order_by("position"))
    moment = datetime.combine(settings.materials_opens_on, time(10), tzinfo=BEIJING)
    assignments = Assignment.objects.bulk_create(
        Assignment(application_id=app, expert_id=expert, stage=Stage.MATERIALS, created_by=staff)
        for expert, app in sorted(result.pairs, key=lambda pair: (pair[1], pair[0]))
    )
    seen_disputed = set()
    for index, assignment in enumerate(assignments):
        app = assignment.application_id
        target = quality[app] + lenient[assignment.expert_id] + rng.gauss(0, 3)
        if app in disputed and app not in seen_disputed:
            seen_disputed.add(app)
            target += 25 if quality[app] < 72 else -25
        _submit(rng, assignment, materials, target, moment + timedelta(minutes=37 * index))
    report.created += len(assignments)

    from psyboost.review.services.results import shortlist

    settings.phase = ReviewPhase.SHORTLIST
    settings.save(update_fields=["phase"])
    chosen = shortlist(call)
    onsite = list(Criterion.objects.filter(call=call, stage=Stage.ONSITE).order_by("position"))
    first_day = settings.onsite_opens_on
    for number in range(0, len(chosen), 10):
        group = chosen[number : number + 10]
        day = first_day + timedelta(days=number // 10)
        start = datetime.combine(day, time(9), tzinfo=BEIJING)
        session = OnsiteSession.objects.create(
            call=call,
            title=f"现场交流第{number // 10 + 1}场",
            starts_at=start,
            place="北京市总工会职工服务中心三层会议室",
        )
        panel = [experts[(number // 10 + offset) % len(experts)] for offset in (0, 3, 6)]
        session.experts.set(panel)
        for position, application in enumerate(group):
            OnsiteSlot.objects.create(
                session=session, application=application, starts_at=start + timedelta(minutes=25 * position), minutes=20
            )
            for expert in panel:
                if (expert.pk, application.pk) in conflicted:
                    continue
                assignment = Assignment.objects.create(
                    application=application, expert=expert, stage=Stage.ONSITE, created_by=staff
                )
                target = quality[application.pk] + lenient[expert.pk] / 2 + rng.gauss(0, 4)
                _submit(rng, assignment, onsite, target, start + timedelta(hours=8))
                report.created += 1
    settings.phase = ReviewPhase.DECISION
    settings.save(update_fields=["phase"])
    record(staff, "review.demo_loaded", call, assignments=report.created, shortlist=len(chosen), phase=settings.phase)
    return report.created


__all__ = ["load"]
