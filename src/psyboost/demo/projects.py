"""Demo step ``projects``: funded projects of 2020 (all closed and graded) and of a 2025 call spread over every
stage today, the provider catalogue and resource requests.

- 2020: the projects the announcement step's confirmation created (without that step, the 40 best of the demo
  review's ranking, ``unit001`` among them, are selected here and ``results_confirmed`` is sent); then each project
  is paid (two batches), receipts confirmed, activities and expenses recorded, closing materials submitted and
  accepted, judged by the panel (the closing rubric) and graded.
- 2025: a call copied from 2020 whose implementation runs to a little after today; 45 complete applications
  (``unit001``'s first) submitted and accepted, 40 selected. Its projects are spread over the stages: awaiting the
  account, awaiting payment, paid, in implementation (activities, expenses, overdue milestones), a change request
  pending, closing materials submitted, under evaluation, graded, in rectification, terminated. ``unit001``'s is in
  implementation with its grant received, activities with photos, and an open resource request.
- The calls move through their life cycle by ``calls.services.move_call``, as the steps' services do.

Everything goes through the services; seeded and idempotent: a call that has projects is left as it is.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from psyboost.announcement.signals import results_confirmed
from psyboost.applications import services as application_services
from psyboost.applications import workflow as application_workflow
from psyboost.applications.models import Application, Transition
from psyboost.calls.models import Call
from psyboost.calls.services import copy_call, move_call
from psyboost.projects.models import FileKind, Project, ProjectFile
from psyboost.projects.services import activities, closing, evaluation, grant, plan, spending
from psyboost.projects.workflow import Stage
from psyboost.review.models import PanelMember
from psyboost.review.services import scoring
from psyboost.review.services import selection as review_selection
from psyboost.review.services.results import ranking_of

from . import files, project_resources
from . import review as demo_review
from .accounts import unit_username
from .applications import build
from .base import BEIJING, DemoContext, StepReport

QUOTA = 40
YEAR_2025 = 2025
ACTIVITY_TITLES = {
    "lecture": "职工心理健康讲座", "group": "团体心理辅导", "individual": "一对一心理咨询",
    "assessment": "职工心理测评", "eap": "EAP 员工帮助服务", "supervision": "心理骨干督导培训",
}  # fmt: skip


def load(context: DemoContext) -> StepReport:
    report = StepReport()
    staff = context.users["staff"]
    project_resources.providers(report, staff)
    call_2020 = context.calls.get(2020)
    if call_2020 is not None:
        # The announcement step confirmed the 2020 results, which created the projects (results_confirmed); without
        # it, they are selected here as the confirmation would.
        projects = list(Project.objects.filter(call=call_2020).select_related("unit", "application").order_by("rank"))
        if not projects:
            projects = _select_2020(call_2020, staff)
        if any(project.stage != Stage.AWAITING_GRANT for project in projects):
            report.unchanged += 1
        else:
            _close_all(random.Random("projects-2020"), call_2020, projects, context, staff)
            for status, day in ((Call.Status.IMPLEMENTATION, 1), (Call.Status.CLOSING, 4), (Call.Status.ARCHIVED, 25)):
                move_call(call_2020, status, actor=staff, at=datetime(2021, 1, day, 10, 0, tzinfo=BEIJING))
            report.created += len(projects)
    if call_2020 is not None and _local_now(context).year > YEAR_2025:
        call_2025 = _ensure_2025(context, call_2020)
        if Project.objects.filter(call=call_2025).exists():
            report.unchanged += 1
        else:
            projects = _select_2025(call_2025, context, staff)
            _spread(random.Random("projects-2025"), call_2025, projects, context, staff)
            opened = datetime(2025, 10, 1, 10, 0, tzinfo=BEIJING)
            move_call(call_2025, Call.Status.IMPLEMENTATION, actor=staff, at=opened)
            report.created += len(projects)
        context.calls[YEAR_2025] = call_2025
    project_resources.requests(report, context, staff)
    return report


def _local_now(context):
    """The demo's now, in Beijing."""
    return context.now.astimezone(BEIJING)


def _confirm(call, applications, staff) -> list[Project]:
    for application in applications:
        application_workflow.transition(application, application_workflow.State.SELECTED, staff)
    results_confirmed.send(sender=Call, call=call, selected=applications, actor=staff)
    # dated as the results would have been: after the screening and the announcement period
    Transition.objects.filter(application__call=call, to_state__in=("selected", "not_selected")).update(
        at=datetime(call.year, 9, 1, 10, 0, tzinfo=BEIJING)
    )
    return list(Project.objects.filter(call=call).select_related("unit", "application").order_by("rank"))


def _select_2020(call, staff) -> list[Project]:
    accepted = {a.pk: a for a in Application.objects.filter(call=call, state=application_workflow.State.ACCEPTED)}
    order = [pk for pk in ranking_of(call).order() if pk in accepted]
    order += sorted(set(accepted) - set(order))
    unit001 = next((pk for pk, a in accepted.items() if _is_unit001(a)), None)
    chosen = order[:QUOTA]
    if unit001 is not None and unit001 not in chosen:
        chosen = [*chosen[: QUOTA - 1], unit001]
    for pk in order:
        if pk not in chosen:
            application_workflow.transition(accepted[pk], application_workflow.State.NOT_SELECTED, staff)
    return _confirm(call, [accepted[pk] for pk in chosen], staff)


def _is_unit001(application) -> bool:
    return application.unit.users.filter(username=unit_username(1)).exists()


def _ensure_2025(context, source) -> Call:
    call = Call.objects.filter(year=YEAR_2025).first()
    if call is not None:
        return call
    today = _local_now(context).date()
    end_month = date(today.year + (today.month + 1) // 12, (today.month + 1) % 12 + 1, 1)
    return copy_call(
        source,
        YEAR_2025,
        named_year_to=2024,
        implementation_start=date(2025, 8, 1),
        implementation_end=end_month + timedelta(days=-1) if end_month.month != 1 else date(end_month.year - 1, 12, 31),
    )


def _select_2025(call, context, staff) -> list[Project]:
    rng = random.Random("applications-2025")
    units = [context.units[0], *rng.sample(context.units[1:], QUOTA + 4)]
    applications = []
    for position, unit in enumerate(units):
        user = context.users[unit_username(context.units.index(unit) + 1)]
        moment = datetime.combine(date(2025, 7, 1) + timedelta(days=position % 18), time(10), BEIJING)
        application = Application.objects.filter(call=call, unit=unit).first() or build(
            random.Random(f"2025-{unit.name}"), call, unit, user, "submitted", moment - timedelta(days=5)
        )
        if application.state == application_workflow.State.DRAFT:
            application_services.submit(application, user, now=moment)
            # the call asks for the paper copy with both seals before acceptance
            received = (moment + timedelta(days=3)).date()
            application_services.record_paper_copy(application, received, True, True, staff)
            application_services.accept(application, staff)
        applications.append(Application.objects.get(pk=application.pk))
    for member in PanelMember.objects.filter(call__year=2020).select_related("expert"):
        PanelMember.objects.get_or_create(call=call, expert=member.expert, defaults={"is_chair": member.is_chair})
    chosen = _review_and_select_2025(context, call, applications, staff)
    for application in applications:
        if application.pk not in chosen:
            application_workflow.transition(application, application_workflow.State.NOT_SELECTED, staff)
    by_pk = {application.pk: application for application in applications}
    return _confirm(call, [by_pk[pk] for pk in chosen], staff)


def _review_and_select_2025(context, call, applications, staff) -> list[int]:
    """The 2025 applications' own review (the demo review's machinery, its own seed), then the panel's selection
    of the quota by the ranking (``unit001`` moved up with the reasons the rules require) and its decision."""
    demo_review.review_call(context, call, "review-2025")
    ranking = ranking_of(call)
    top = [row.application_id for row in ranking.rows[:QUOTA]]
    reasons = {}
    if applications[0].pk not in top:
        dropped = top.pop()
        top.append(applications[0].pk)
        reasons = {
            applications[0].pk: "现场交流表现突出，评审组一致同意入选。",
            dropped: "与入选项目内容重复，评审组决定不入选。",
        }
    review_selection.confirm(call, top, reasons, actor=staff)
    members = [member.expert for member in PanelMember.objects.filter(call=call).select_related("expert")]
    review_selection.decide(
        call, decided_on=date(2025, 9, 20), members=members, minutes="评审组审议通过入选名单。", actor=staff
    )
    return top


def _user(context, project):
    return project.unit.users.filter(role="unit").order_by("pk").first() or context.users["staff"]


def _file(project, kind, name, data, user, activity=None, content_type="image/jpeg") -> ProjectFile:
    item = ProjectFile(
        project=project,
        activity=activity,
        kind=kind,
        original_name=name,
        size=len(data),
        content_type=content_type,
        sha256=f"{abs(hash((project.pk, name))):064d}"[:64],
        uploaded_by=user,
    )
    item.file.save("demo.jpg", ContentFile(data), save=False)
    item.save()
    return item


def _pay(projects, context, staff, paid_on: date, batches=2) -> None:
    size = max(1, len(projects) // batches + (len(projects) % batches > 0))
    for start in range(0, len(projects), size):
        group = projects[start : start + size]
        for project in group:
            user = _user(context, project)
            grant.confirm_account(
                project,
                user,
                account_name=project.unit.name,
                bank="中国工商银行北京分行",
                account_number=f"0200{project.unit.pk:06d}{project.pk:06d}",
            )
            grant.sign_commitment(project, user, agreed=True)
        grant.record_batch(
            group[0].call,
            group,
            staff,
            paid_on=paid_on.isoformat(),
            payer="北京市总工会",
            vouchers={p.pk: f"{paid_on:%Y%m}-{p.rank:03d}" for p in group},
        )


def _receive(project, context, day: date) -> None:
    user = _user(context, project)
    scan = _file(
        project, FileKind.RECEIPT_SCAN, "收款收据.jpg", files.signed_page(project.pk % 20, project.unit.name), user
    )
    grant.confirm_receipt(project, user, received_on=day.isoformat(), receipt=scan)


def _work(rng, project, context, until: date, count: int, photos=False) -> None:
    """Activities and expenses between the project's start and ``until``, milestones due by then done."""
    user = _user(context, project)
    span = max(1, (min(until, project.ends_on) - project.starts_on).days)
    kinds = list(ACTIVITY_TITLES)
    for index in range(count):
        day = project.starts_on + timedelta(days=span * (index + 1) // (count + 1))
        kind = kinds[(project.pk + index) % len(kinds)]
        activity = activities.record_activity(
            project,
            user,
            held_on=day.isoformat(),
            kind=kind,
            title=f"{ACTIVITY_TITLES[kind]}（第{index + 1}期）",
            participants=str(rng.randint(12, 120)),
            target_group="一线职工",
            place="职工心灵驿站",
            summary="活动按计划开展，职工参与积极，现场反馈良好。",
        )
        if photos:
            image = files.activity_scene(project.pk + index, ACTIVITY_TITLES[kind])
            from io import BytesIO

            out = BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=70)
            _file(project, FileKind.ACTIVITY_PHOTO, f"{ACTIVITY_TITLES[kind]}.jpg", out.getvalue(), user, activity)
    for index, line in enumerate(project.budget_lines.order_by("position")[:3]):
        day = project.starts_on + timedelta(days=span * (index + 1) // 4)
        share = Decimal(rng.choice(["0.6", "0.8", "0.95", "1.00"]))
        spending.record_expense(
            project,
            user,
            line_id=str(line.pk),
            spent_on=day.isoformat(),
            item=line.item,
            amount=str((line.approved * share).quantize(Decimal("0.01"))),
            source="grant" if index < 2 else "own",
            payee="北京阳光心理咨询中心",
            invoice_number=f"{project.pk:04d}{index:02d}",
        )
    for milestone in project.milestones.filter(due_on__lte=until):
        plan.mark_milestone(milestone, user, done_on=min(milestone.due_on, until).isoformat())


def _submit_closing(project, context) -> None:
    user = _user(context, project)
    _file(
        project,
        FileKind.CLOSING_FORM,
        "结项表（签字盖章）.jpg",
        files.signed_page(project.pk % 20, project.unit.name),
        user,
    )
    closing.submit_closing(
        project,
        user,
        goals="按实施计划完成各进度节点，服务覆盖计划服务对象。",
        effects="职工心理健康意识明显提升，形成“测评—讲座—辅导—咨询”的服务流程。",
        problems="部分倒班职工参与不便，下一步增加线上服务。",
    )


def _judge(rng, call, projects, staff, targets) -> None:
    """The panel's closing scores for ``projects`` (assigned by the review's optimiser), around ``targets``."""
    evaluation.assign_experts(call, staff)
    criteria = evaluation.rubric(call)
    from psyboost.review.models import Assignment

    for project in projects:
        for assignment in Assignment.objects.filter(
            application_id=project.application_id, stage="closing"
        ).select_related("expert__user"):
            review = scoring.open_review(assignment)
            points = {}
            for criterion in criteria:
                share = min(1.0, max(0.0, targets[project.pk] / 100 + rng.uniform(-0.05, 0.05)))
                points[criterion.pk] = str((criterion.max_points * Decimal(str(share)) * 2).quantize(Decimal(1)) / 2)
            scoring.save_review(
                review, points, {}, "材料齐全，成效明显。", review.version, assignment.expert.user, submit=True
            )


def _close_all(rng, call, projects, context, staff) -> None:
    _pay(projects, context, staff, date(2020, 8, 10))
    targets = {}
    for project in projects:
        project.refresh_from_db()
        _receive(project, context, date(2020, 8, 14))
        _work(rng, project, context, project.ends_on, 4, photos=_is_unit001(project.application))
        _submit_closing(project, context)
        closing.check_closing(project, staff, accept=True)
        targets[project.pk] = rng.uniform(66, 95)
    _judge(rng, call, projects, staff, targets)
    for project in projects:
        evaluation.confirm_grade(project, staff)


def _spread(rng, call, projects, context, staff) -> None:
    today = _local_now(context).date()
    unpaid, paying = projects[1:5], [projects[0], *projects[5:39]]
    for project in unpaid[:2]:
        user = _user(context, project)
        grant.confirm_account(
            project, user, account_name=project.unit.name, bank="北京银行", account_number=f"1100{project.pk:08d}"
        )
        grant.sign_commitment(project, user, agreed=True)
    _pay(paying, context, staff, date(2025, 8, 12))
    for project in paying:
        project.refresh_from_db()
        rank = project.rank
        if 6 <= rank <= 9:
            continue  # paid, receipt not yet confirmed
        _receive(project, context, date(2025, 8, 18))
        if rank == 1:
            _work(rng, project, context, today - timedelta(days=40), 5, photos=True)
        elif rank <= 23:
            _work(rng, project, context, today - timedelta(days=rng.randint(20, 70)), rng.randint(2, 5))
        elif rank <= 26:
            _work(rng, project, context, today - timedelta(days=30), 3)
            plan.request_change(
                project,
                _user(context, project),
                kind="schedule",
                reason="受场地改造影响，讲座推迟一个月。",
                rows=[
                    {"period": m.period, "content": m.content, "due_on": (m.due_on + timedelta(days=30)).isoformat()}
                    for m in project.milestones.all()
                ],
            )
        else:
            _work(rng, project, context, today, 4)
            _submit_closing(project, context)
            if rank >= 31:
                closing.check_closing(project, staff, accept=True)
    evaluated = [p for p in paying if p.rank >= 31]
    targets = {p.pk: (45.0 if p.rank == 39 else rng.uniform(66, 95)) for p in evaluated}
    _judge(rng, call, [p for p in evaluated if p.rank >= 33], staff, targets)
    for project in evaluated:
        if project.rank >= 35:
            evaluation.confirm_grade(
                project, staff, rectify_by=(today + timedelta(days=30)).isoformat(), now=context.now
            )
    evaluation.terminate(projects[39], staff, reason="单位机构调整，申请终止项目。")
