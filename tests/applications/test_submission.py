"""Submission: eligibility, the deadline in Beijing time, extensions, blocking problems, the 编号 and versions."""

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import OperationalError, connections

from psyboost.applications import services
from psyboost.applications.choices import AttachmentKind
from psyboost.applications.errors import NotEditable, SubmissionRefused, TransitionNotAllowed
from psyboost.applications.models import Application, Attachment, NumberSequence, Transition, Version
from psyboost.applications.workflow import State
from psyboost.audit.models import AuditEntry
from tests.applications.conftest import BEIJING, IN_TIME
from tests.factories import ApplicationFactory, CallFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db
DEADLINE = datetime(2020, 7, 20, 23, 59, 59, tzinfo=BEIJING)
LATE_MESSAGE = "申报已于北京时间2020年7月20日 23:59截止，不能再提交。如有特殊情况，请联系市总工会工作人员。"


def submitted(application, actor, now=IN_TIME):
    return services.submit(application, actor, now)


def test_submitting_numbers_freezes_and_records(application, owner):
    submitted(application, owner)

    assert (application.state, application.number, application.display_number) == (State.SUBMITTED, 1, "2020-001")
    assert application.submitted_at == IN_TIME
    assert application.filled_on == IN_TIME.date().replace(day=1)
    version = Version.objects.get(application=application)
    assert (version.number, version.actor) == (1, owner)
    assert version.data["header"] == {
        "number": "2020-001",
        "unit_name": application.unit.name,
        "named_year": 2017,
        "filled_on": "2020-07-01",
        "call_year": 2020,
    }
    step = Transition.objects.get(application=application)
    assert (step.from_state, step.to_state, step.actor) == (State.DRAFT, State.SUBMITTED, owner)
    entry = AuditEntry.objects.get(action="applications.submitted")
    assert entry.data == {"from_state": "draft", "to_state": "submitted", "number": "2020-001", "version": 1}


def test_the_filled_on_month_is_the_beijing_month(application, owner):
    # 2020-06-30 16:30 UTC is already 1 July in Beijing.
    submitted(application, owner, datetime(2020, 6, 30, 16, 30, tzinfo=ZoneInfo("UTC")))

    assert application.filled_on.isoformat() == "2020-07-01"


def test_numbers_are_sequential_within_a_call_and_separate_between_calls(owner):
    call = CallFactory()
    applications = [ApplicationFactory(call=call) for _ in range(3)]
    for application in applications:
        submitted(application, UnitUserFactory(unit=application.unit))
    other_call = CallFactory(year=2021)
    other = ApplicationFactory(call=other_call)
    submitted(other, UnitUserFactory(unit=other.unit), datetime(2021, 7, 1, tzinfo=BEIJING))

    assert [application.display_number for application in applications] == ["2020-001", "2020-002", "2020-003"]
    assert other.display_number == "2021-001"


def test_a_resubmission_keeps_the_number_and_adds_a_version(application, owner, staff):
    submitted(application, owner)
    services.return_for_revision(application, staff, "请补充场地照片")
    services.save_draft(
        application, {"headcount": 1250}, expected_version=application.version, actor=owner, now=IN_TIME
    )

    submitted(application, owner, IN_TIME + timedelta(days=2))

    assert (application.state, application.number) == (State.SUBMITTED, 1)
    assert application.submitted_at == IN_TIME + timedelta(days=2)
    assert list(application.versions.values_list("number", "data__fields__headcount")) == [(1, 1200), (2, 1250)]
    assert NumberSequence.objects.get(call=application.call).last_number == 1
    assert AuditEntry.objects.filter(action="applications.resubmitted").count() == 1


def test_a_number_is_never_reused_after_a_rejection_or_a_deletion(application, owner, staff):
    submitted(application, owner)
    services.reject(application, staff, "不属于参评范围")
    second = ApplicationFactory(call=application.call)
    submitted(second, UnitUserFactory(unit=second.unit))
    second.delete()
    third = ApplicationFactory(call=application.call)

    submitted(third, UnitUserFactory(unit=third.unit))

    application.refresh_from_db()
    assert (application.state, application.number) == (State.REJECTED, 1)
    assert third.number == 3


def test_a_failed_submission_uses_no_number(application, owner):
    application.contact_email = ""
    application.save()

    with pytest.raises(SubmissionRefused):
        submitted(application, owner)

    assert not NumberSequence.objects.filter(last_number__gt=0).exists()
    second = ApplicationFactory(call=application.call)
    assert submitted(second, UnitUserFactory(unit=second.unit)).number == 1


def test_blocking_problems_refuse_submission_and_list_them(application, owner):
    Attachment.objects.filter(kind=AttachmentKind.SITE_PHOTO).delete()
    application.privacy_confirmed = False
    application.area_count = 5  # a warning only
    application.save()

    with pytest.raises(SubmissionRefused) as refused:
        submitted(application, owner)

    assert refused.value.message == "还有2处问题需要修改，修改后才能提交。"
    assert [(p.field, p.message_zh) for p in refused.value.problems] == [
        ("site_photo", "请上传场地照片（至少一张）。"),
        ("privacy_confirmed", "请确认已告知所列心理工作人员其个人信息的用途和接收方，并取得其同意。"),
    ]
    application.refresh_from_db()
    assert (application.state, application.number) == (State.DRAFT, None)


def test_warnings_do_not_block(application, owner):
    application.area_count = 5
    application.save()

    assert submitted(application, owner).state == State.SUBMITTED


def test_an_ineligible_unit_cannot_submit(owner):
    unit = UnitFactory(named_year=2020)
    application = ApplicationFactory(unit=unit)

    with pytest.raises(SubmissionRefused) as refused:
        submitted(application, UnitUserFactory(unit=unit))

    assert refused.value.message == "本单位不在本年度申报范围内，不能提交。"


@pytest.mark.parametrize(
    ("now", "accepted"),
    [
        (DEADLINE - timedelta(hours=12), True),
        (DEADLINE, True),
        (DEADLINE + timedelta(microseconds=1), False),
        (DEADLINE + timedelta(seconds=1), False),
        # The same instants written in UTC: the deadline is 15:59:59 UTC.
        (datetime(2020, 7, 20, 15, 59, 59, tzinfo=ZoneInfo("UTC")), True),
        (datetime(2020, 7, 20, 16, 0, 0, tzinfo=ZoneInfo("UTC")), False),
        # Still 20 July in New York, but already past the Beijing deadline.
        (datetime(2020, 7, 20, 12, 0, tzinfo=ZoneInfo("America/New_York")), False),
    ],
)
def test_the_deadline_is_the_calls_in_beijing_time(application, owner, now, accepted):
    if accepted:
        assert submitted(application, owner, now).state == State.SUBMITTED
        return
    with pytest.raises(SubmissionRefused) as refused:
        submitted(application, owner, now)
    assert refused.value.message == LATE_MESSAGE


def test_nobody_submits_before_the_call_opens(application, owner):
    with pytest.raises(SubmissionRefused) as refused:
        submitted(application, owner, datetime(2020, 5, 31, 23, 59, tzinfo=BEIJING))

    assert refused.value.message == "申报尚未开始，开始时间为北京时间2020年6月1日 00:00。"


def test_an_extension_lets_one_unit_submit_late(application, owner, staff):
    until = datetime(2020, 7, 25, 18, 0, tzinfo=BEIJING)
    services.grant_extension(application.call, application.unit, until, "受疫情影响盖章延误", staff, now=IN_TIME)
    other = ApplicationFactory(call=application.call)

    assert submitted(application, owner, until).state == State.SUBMITTED
    with pytest.raises(SubmissionRefused) as refused:
        submitted(other, UnitUserFactory(unit=other.unit), DEADLINE + timedelta(days=1))
    assert refused.value.message == LATE_MESSAGE


def test_the_extension_ends_at_its_own_time(application, owner, staff):
    until = datetime(2020, 7, 25, 18, 0, tzinfo=BEIJING)
    services.grant_extension(application.call, application.unit, until, "盖章延误", staff, now=IN_TIME)

    with pytest.raises(SubmissionRefused) as refused:
        submitted(application, owner, until + timedelta(seconds=1))

    assert (
        refused.value.message
        == "申报已于北京时间2020年7月25日 18:00截止，不能再提交。如有特殊情况，请联系市总工会工作人员。"
    )


def test_the_latest_extension_granted_counts(application, owner, staff):
    services.grant_extension(
        application.call, application.unit, DEADLINE + timedelta(days=10), "延误", staff, now=IN_TIME
    )
    services.grant_extension(
        application.call, application.unit, DEADLINE + timedelta(days=2), "更正", staff, now=IN_TIME
    )

    assert services.effective_deadline(application.call, application.unit) == DEADLINE + timedelta(days=2)
    with pytest.raises(SubmissionRefused):
        submitted(application, owner, DEADLINE + timedelta(days=3))


def test_staff_cannot_submit_for_the_unit(application, staff):
    with pytest.raises(TransitionNotAllowed) as refused:
        submitted(application, staff)

    assert refused.value.message == "只有本单位用户可以提交此申报。"


def test_another_units_user_cannot_submit(application):
    with pytest.raises(TransitionNotAllowed):
        submitted(application, UnitUserFactory())


def test_a_submitted_application_cannot_be_submitted_again(application, owner):
    submitted(application, owner)

    with pytest.raises(TransitionNotAllowed) as refused:
        submitted(application, owner)

    assert refused.value.message == "不能将“已提交（待形式审查）”状态的申报改为“已提交（待形式审查）”。"
    with pytest.raises(NotEditable):
        services.save_draft(application, {"headcount": 3}, expected_version=application.version, actor=owner)


def test_the_submission_blockers_are_listed_for_the_check_page(owner):
    unit = UnitFactory(named_year=2014)
    application = ApplicationFactory(unit=unit)

    assert services.submission_blockers(application, DEADLINE + timedelta(days=1)) == [
        "本单位不在本年度申报范围内，不能提交。",
        LATE_MESSAGE,
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_sequential_numbers():
    call = CallFactory()
    applications = [ApplicationFactory(call=call) for _ in range(8)]
    users = [UnitUserFactory(unit=application.unit) for application in applications]
    barrier = threading.Barrier(len(applications))
    numbers, failures = [], []

    def run(application, user):
        try:
            barrier.wait()
            for _attempt in range(500):
                try:
                    numbers.append(services.submit(application, user, IN_TIME).number)
                    return
                except OperationalError as error:
                    # SQLite's shared in-memory test database refuses a second writer instead of waiting for it.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.005)
        except Exception as error:  # reported below, with the thread's error
            failures.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in zip(applications, users, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert sorted(Application.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert NumberSequence.objects.get(call=call).last_number == 8


def test_every_submission_is_kept_as_a_version_by_a_different_user_of_the_unit(application, owner, staff):
    submitted(application, owner)
    services.return_for_revision(application, staff, "补充")
    colleague = UnitUserFactory(unit=application.unit)

    submitted(application, colleague)

    assert [(v.number, v.actor) for v in application.versions.all()] == [(1, owner), (2, colleague)]
