"""The staff formal check (形式审查): accept, return with a reason, reject with a reason; extensions; paper copy."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from psyboost.applications import services
from psyboost.applications.errors import ApplicationError, NotEligible, TransitionNotAllowed
from psyboost.applications.models import Extension, PaperCopy, Transition
from psyboost.applications.workflow import State
from psyboost.audit.models import AuditEntry
from tests.applications.conftest import BEIJING, IN_TIME
from tests.factories import ExpertFactory, PaperCopyFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(application, owner):
    return services.submit(application, owner, IN_TIME)


def test_staff_accept_a_submitted_application(submitted, staff):
    PaperCopyFactory(application=submitted)
    services.accept(submitted, staff)

    assert submitted.state == State.ACCEPTED
    assert AuditEntry.objects.filter(action="applications.accepted", actor=staff).count() == 1


def test_staff_return_it_with_the_reason_the_unit_sees(submitted, staff, owner):
    services.return_for_revision(submitted, staff, "  请补充设备照片。 ")

    assert submitted.state == State.RETURNED
    assert submitted.is_editable
    step = Transition.objects.filter(application=submitted).last()
    assert (step.from_state, step.to_state, step.reason, step.actor) == (
        State.SUBMITTED,
        State.RETURNED,
        "请补充设备照片。",
        staff,
    )
    assert [(t.from_state, t.to_state) for t in submitted.transitions.all()] == [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.RETURNED),
    ]


def test_a_return_after_the_deadline_can_grant_the_time_to_resubmit(submitted, staff, owner):
    until = datetime(2020, 7, 31, 17, 0, tzinfo=BEIJING)

    services.return_for_revision(submitted, staff, "请补充签字盖章页", until=until, now=IN_TIME)

    extension = Extension.objects.get()
    assert (extension.unit, extension.until, extension.reason) == (submitted.unit, until, "请补充签字盖章页")
    services.submit(submitted, owner, datetime(2020, 7, 30, 9, 0, tzinfo=BEIJING))
    assert submitted.state == State.SUBMITTED


def test_staff_reject_it_with_a_reason_and_it_ends_there(submitted, staff, owner):
    services.reject(submitted, staff, "该单位未获命名")

    assert submitted.state == State.REJECTED
    assert Transition.objects.filter(application=submitted).last().reason == "该单位未获命名"
    with pytest.raises(TransitionNotAllowed):
        services.submit(submitted, owner, IN_TIME)
    with pytest.raises(TransitionNotAllowed):
        services.accept(submitted, staff)


@pytest.mark.parametrize(
    ("operation", "message"),
    [(services.return_for_revision, "请填写退回修改的理由。"), (services.reject, "请填写不予受理的理由。")],
)
def test_return_and_reject_need_a_reason(submitted, staff, operation, message):
    with pytest.raises(TransitionNotAllowed) as refused:
        operation(submitted, staff, " ")

    assert refused.value.message == message
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_the_unit_and_experts_cannot_screen(submitted, owner):
    with pytest.raises(TransitionNotAllowed) as refused:
        services.accept(submitted, owner)
    assert refused.value.message == "只有市总工会工作人员可以受理此申报。"

    with pytest.raises(TransitionNotAllowed):
        services.reject(submitted, ExpertFactory(), "不符合")


def test_a_draft_cannot_be_screened(application, staff):
    with pytest.raises(TransitionNotAllowed) as refused:
        services.accept(application, staff)

    assert refused.value.message == "不能将“草稿”状态的申报改为“已受理（形式审查通过）”。"


def test_granting_an_extension_is_recorded_with_its_reason(application, staff):
    until = datetime(2020, 7, 27, 17, 0, tzinfo=BEIJING)

    extension = services.grant_extension(application.call, application.unit, until, " 公章在外地 ", staff, now=IN_TIME)

    assert (extension.reason, extension.granted_by, extension.until) == ("公章在外地", staff, until)
    entry = AuditEntry.objects.get(action="applications.extension_granted")
    assert (entry.reason, entry.data) == (
        "公章在外地",
        {"call": 2020, "unit": application.unit.pk, "until": until.isoformat()},
    )


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        (datetime(2020, 7, 27, tzinfo=BEIJING), "", "请填写延期理由。"),
        (
            datetime(2020, 7, 20, 23, 59, 59, tzinfo=BEIJING),
            "延误",
            "延期截止时间须晚于申报截止时间（北京时间2020年7月20日 23:59）。",
        ),
        (
            datetime(2020, 6, 30, tzinfo=BEIJING),
            "延误",
            "延期截止时间须晚于申报截止时间（北京时间2020年7月20日 23:59）。",
        ),
    ],
)
def test_an_extension_needs_a_reason_and_a_later_time(application, staff, until, reason, message):
    with pytest.raises(ApplicationError) as refused:
        services.grant_extension(application.call, application.unit, until, reason, staff, now=IN_TIME)

    assert refused.value.message == message
    assert not Extension.objects.exists()


def test_an_extension_cannot_end_in_the_past(application, staff):
    until = datetime(2020, 7, 25, tzinfo=BEIJING)

    with pytest.raises(ApplicationError) as refused:
        services.grant_extension(
            application.call, application.unit, until, "延误", staff, now=until + timedelta(hours=1)
        )

    assert refused.value.message == "延期截止时间已经过去，请重新选择。"


def test_only_staff_grant_extensions_and_only_to_eligible_units(application, owner, staff):
    until = datetime(2020, 7, 27, tzinfo=BEIJING)
    with pytest.raises(ApplicationError) as refused:
        services.grant_extension(application.call, application.unit, until, "延误", owner, now=IN_TIME)
    assert refused.value.message == "只有市总工会工作人员可以批准延期。"

    with pytest.raises(NotEligible):
        services.grant_extension(application.call, UnitFactory(named_year=2020), until, "延误", staff, now=IN_TIME)


def test_staff_record_the_paper_copy_and_its_seals(submitted, staff):
    paper = services.record_paper_copy(submitted, date(2020, 7, 18), True, False, staff)

    assert (paper.received_on, paper.has_unit_seal, paper.has_union_seal, paper.recorded_by) == (
        date(2020, 7, 18),
        True,
        False,
        staff,
    )
    assert not paper.has_both_seals

    services.record_paper_copy(submitted, date(2020, 7, 19), True, True, staff)

    paper = PaperCopy.objects.get()
    assert (paper.received_on, paper.has_both_seals) == (date(2020, 7, 19), True)
    assert list(
        AuditEntry.objects.filter(action="applications.paper_copy_recorded").values_list("data", flat=True)
    ) == [
        {"received_on": "2020-07-19", "has_unit_seal": True, "has_union_seal": True},
        {"received_on": "2020-07-18", "has_unit_seal": True, "has_union_seal": False},
    ]


def test_a_paper_copy_needs_a_submitted_application_a_past_date_and_staff(application, owner, staff):
    with pytest.raises(ApplicationError) as refused:
        services.record_paper_copy(application, date(2020, 7, 18), True, True, staff)
    assert refused.value.message == "此申报尚未提交，不能登记纸质版。"

    services.submit(application, owner, IN_TIME)
    tomorrow = timezone.localdate(timezone=BEIJING) + timedelta(days=1)
    with pytest.raises(ApplicationError) as refused:
        services.record_paper_copy(application, tomorrow, True, True, staff)
    assert refused.value.message == "收到日期不能晚于今天。"

    with pytest.raises(ApplicationError) as refused:
        services.record_paper_copy(application, date(2020, 7, 18), True, True, owner)
    assert refused.value.message == "只有市总工会工作人员可以登记纸质版。"
    assert not PaperCopy.objects.exists()
