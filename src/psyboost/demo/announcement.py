"""Demo step ``announcement``: the 2020 call goes the whole way, through the real services at their real dates.

The panel confirms the top 40 of the ranking and decides on 2020-09-20; the 公示 starts 2020-09-28 09:00 and counts
5 working days, so it ends on Saturday 2020-10-10 (an official working day after the National Day holiday). Two
objections: one from a person, online, not upheld; one from a unit, on paper, upheld after the unit's explanation —
its place is filled from the ranking and announced in a supplementary 公示 (2020-10-13 to 2020-10-19). The results
are confirmed on 2020-10-20: 40 applications 已入选 (``unit001``'s among them), the others 未入选, every unit told.

Staff try the announcement themselves on the **2019 call**, left at the decided stage: 50 accepted applications
ranked, the top 40 selected, the panel's decision of 2019-09-20, nothing announced. (A shortcut: its applications
hold only the units' basic details and its ranking is stored directly, without expert scores; the 2020 call shows
the full review.)

Idempotent: once the 2020 results are confirmed and the 2019 call exists, nothing is touched again.
"""

from datetime import date, datetime

from psyboost.announcement.models import Confirmation
from psyboost.announcement.notices import result_notices
from psyboost.announcement.services import changes, confirmation, objections, publishing
from psyboost.applications.models import Application, Transition
from psyboost.review.models import Decision, PanelMember, ReviewPhase, ReviewSettings
from psyboost.review.services import results
from psyboost.review.services import selection as review_selection

from .base import BEIJING, DemoContext, StepReport

YEAR = 2020


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=BEIJING)


def load(context: DemoContext) -> StepReport:
    report = StepReport()
    _decided_2019(context, report)
    call = context.calls.get(YEAR)
    if call is None:
        return report
    if Confirmation.objects.filter(call=call).exists():
        report.unchanged += 1
        return report
    staff = context.users["staff"]
    review_settings = ReviewSettings.objects.filter(call=call).first()
    if review_settings is None:
        return report
    if not Decision.objects.filter(call=call).exists():
        if review_settings.phase != ReviewPhase.DECISION:
            return report
        ranking = results.ranking_of(call, review_settings)
        top = [row.application_id for row in ranking.rows[: call.quota]]
        unit001 = Application.objects.filter(call=call, unit=context.units[0]).first()
        reasons = {}
        if unit001 is not None and unit001.pk not in top and any(r.application_id == unit001.pk for r in ranking.rows):
            # unit001 must show a selected application: the panel moves it up, with the reason the rules require.
            dropped = top.pop()
            top.append(unit001.pk)
            reasons = {
                unit001.pk: "现场交流表现突出，评审组一致同意入选。",
                dropped: "与入选项目内容重复，评审组决定不入选。",
            }
        review_selection.confirm(call, top, reasons, actor=staff)
        members = [member.expert for member in PanelMember.objects.filter(call=call).select_related("expert")]
        review_selection.decide(
            call,
            decided_on=date(2020, 9, 20),
            members=members,
            minutes="评审组审议通过入选名单。",
            actor=staff,
            confirm_reason="评审组确认：按已有评分作出决定，未评分的申报不再等待。",  # recorded only if any is open
        )
        report.created += 1
    selected = publishing.current_selection(call)
    announcement = publishing.initial_of(call)
    if announcement is None:
        announcement = publishing.prepare(
            call,
            title=publishing.default_title(call),
            body=publishing.default_body(),
            starts_at=at(2020, 9, 28, 9, 0),
            days=call.announcement_days,
            publisher="北京市总工会",
            published_on=date(2020, 9, 28),
            actor=staff,
            now=at(2020, 9, 25, 10, 0),
        )
    if announcement.published_at is None:
        announcement = publishing.publish(announcement, actor=staff, now=at(2020, 9, 25, 10, 30))
        publishing.record_posting(
            announcement, site="北京市总工会网站", url="https://www.bjzgh.org/gs/2020-0928.html",
            posted_on=date(2020, 9, 28), actor=staff,
        )  # fmt: skip
    unit001 = context.units[0].pk
    candidates = [application for application in selected if application.unit_id != unit001]
    rejected_target, upheld_target = candidates[9], candidates[24]
    first = objections.file_objection(
        call,
        {
            "objector": "individual", "name": "赵磊", "phone": "13601012345", "email": "zhaolei@example.com",
            "grounds": "该单位心理服务场地实际面积小于申报面积，请予核查。", "application": rejected_target,
        },
        address="203.0.113.8",
        now=at(2020, 9, 29, 14, 12),
    )  # fmt: skip
    objections.handle(first, handler=staff, notes="调取申报材料及现场交流记录，场地照片与面积一致。", actor=staff)
    objections.close(
        first, outcome="rejected", reason="经核查，场地面积与申报材料及现场交流情况一致。",
        reply="您好，经核查，该单位心理服务场地面积属实，反映情况不成立。感谢您的监督。", actor=staff,
        now=at(2020, 10, 9, 16, 0),
    )  # fmt: skip
    second = objections.register_objection(
        call,
        {
            "objector": "unit", "unit_name": "北京某科技有限公司工会", "contact": "孙静", "phone": "010-84561234",
            "grounds": "该单位申报的合作机构服务内容与上一年度已获助推项目重复。", "application": upheld_target,
        },
        channel="letter",
        received_at=at(2020, 9, 30, 11, 0),
        actor=staff,
        now=at(2020, 9, 30, 15, 0),
    )  # fmt: skip
    explanation = objections.request_explanation(
        second, request="请说明本年度项目与上一年度已获助推项目在服务内容上的区别。", actor=staff,
        now=at(2020, 10, 9, 10, 0),
    )  # fmt: skip
    unit_user = next((user for user in context.users.values() if user.unit_id == upheld_target.unit_id), None)
    objections.answer_explanation(
        explanation, answer="本年度项目延续上一年度的团体辅导内容，新增部分较少。", actor=unit_user,
        now=at(2020, 10, 10, 9, 30),
    )  # fmt: skip
    objections.close(
        second, outcome="upheld", reason="经核查并结合单位情况说明，项目内容与上一年度已获助推项目基本重复。",
        reply="经核查，反映情况属实，该项目退出入选名单，按排名递补。", actor=staff, now=at(2020, 10, 12, 10, 0),
    )  # fmt: skip
    amendment = changes.amend(
        call, removed=upheld_target, cause="objection", objection=second, statement="经核查，该项目不符合评选条件",
        replacement=changes.proposed_replacement(call), actor=staff, now=at(2020, 10, 12, 11, 0),
    )  # fmt: skip
    supplementary = changes.prepare_supplementary(
        amendment, starts_at=at(2020, 10, 13, 9, 0), days=call.announcement_days, actor=staff,
        now=at(2020, 10, 12, 11, 30),
    )  # fmt: skip
    publishing.publish(supplementary, actor=staff, now=at(2020, 10, 12, 14, 0))
    confirmation.confirm(call, actor=staff, now=at(2020, 10, 20, 10, 0))
    # The state machine stamps its timeline with the real clock; date the moves as the demo acted.
    Transition.objects.filter(application__call=call, to_state__in=["selected", "not_selected"]).update(
        at=at(2020, 10, 20, 10, 0)
    )
    result_notices(call.pk)
    report.created += 1
    return report


DECIDED_YEAR = 2019
DECIDED_COUNT = 50


def _decided_2019(context: DemoContext, report: StepReport) -> None:
    """The 2019 call at the decided stage (see the module's docstring)."""
    import random

    from django.utils import timezone

    from psyboost.calls.models import Call
    from psyboost.calls.services import copy_call
    from psyboost.review.models import Selection

    source = context.calls.get(YEAR)
    if source is None or Call.objects.filter(year=DECIDED_YEAR).exists():
        report.unchanged += 1
        return
    call = copy_call(source, DECIDED_YEAR, actor=context.users["staff"], name=f"{DECIDED_YEAR}年职工心理服务助推项目")
    units = [unit for unit in context.units if call.admits(unit)][:DECIDED_COUNT]
    rng = random.Random(f"decided-{DECIDED_YEAR}")
    submitted = timezone.make_aware(datetime(DECIDED_YEAR, 7, 10, 10), BEIJING)
    scored = []
    for number, unit in enumerate(units, start=1):
        application = Application.objects.create(
            call=call, unit=unit, number=number, state="accepted", submitted_at=submitted, filled_on=submitted.date(),
            district_union=unit.district_union, parent_union=unit.parent_union, contact_name=unit.contact_name,
        )  # fmt: skip
        scored.append((round(rng.uniform(60, 92), 2), application))
    scored.sort(key=lambda pair: (-pair[0], pair[1].number))
    for rank, (score, application) in enumerate(scored, start=1):
        Selection.objects.create(
            application=application, rank=rank, final_score=score, selected=rank <= call.quota,
            updated_by=context.users["staff"],
        )  # fmt: skip
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": ReviewPhase.DECIDED})
    decision = Decision.objects.create(
        call=call, decided_on=date(DECIDED_YEAR, 9, 20), minutes="评审组审议通过入选名单。",
        selected_count=call.quota, grant_total=call.grant_amount * call.quota, confirmed_by=context.users["staff"],
    )  # fmt: skip
    decision.members.set([member.expert for member in PanelMember.objects.filter(call=source)])
    context.calls[DECIDED_YEAR] = call
    report.created += 1
