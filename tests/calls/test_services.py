from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.calls.models import Call
from psyboost.calls.services import copy_call
from tests.factories import CallFactory, StaffFactory, UnitFactory

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_copy_moves_the_dates_and_eligibility_to_the_new_year_and_keeps_the_rules():
    source = CallFactory(
        implementation_start=date(2020, 8, 1), implementation_end=date(2020, 12, 31), status=Call.Status.ARCHIVED
    )
    staff = StaffFactory()

    copied = copy_call(source, 2021, actor=staff)

    assert copied.year == 2021
    assert copied.name == "2021年职工心理服务助推项目"
    assert copied.edition == "2021版"
    assert copied.status == Call.Status.SUBMISSION
    assert copied.opens_at == datetime(2021, 6, 1, tzinfo=BEIJING)
    assert copied.deadline == datetime(2021, 7, 20, 23, 59, 59, tzinfo=BEIJING)
    assert (copied.named_year_from, copied.named_year_to) == (2015, 2020)
    assert (copied.implementation_start, copied.implementation_end) == (date(2021, 8, 1), date(2021, 12, 31))
    assert (copied.quota, copied.grant_amount, copied.announcement_days) == (40, Decimal("20000.00"), 5)
    assert copied.contact_email == "zgxlfwzt@163.com"
    entry = AuditEntry.objects.get(action="calls.copied")
    assert (entry.actor, entry.target_id, entry.data) == (staff, str(copied.pk), {"source_year": 2020})


@pytest.mark.django_db
def test_copy_accepts_overrides():
    source = CallFactory()
    deadline = datetime(2022, 9, 1, 18, 0, tzinfo=BEIJING)

    copied = copy_call(source, 2022, deadline=deadline, quota=30)

    assert (copied.deadline, copied.quota) == (deadline, 30)


@pytest.mark.django_db
def test_copy_of_a_leap_day_lands_on_the_28th():
    source = CallFactory(year=2024, opens_at=datetime(2024, 2, 29, 9, 0, tzinfo=BEIJING))

    assert copy_call(source, 2025).opens_at == datetime(2025, 2, 28, 9, 0, tzinfo=BEIJING)


@pytest.mark.django_db
def test_eligible_units_are_those_named_in_the_calls_years():
    call = CallFactory()
    inside = [UnitFactory(named_year=2015), UnitFactory(named_year=2019)]
    UnitFactory(named_year=2014)
    UnitFactory(named_year=2020)

    assert sorted(call.eligible_units, key=lambda u: u.pk) == inside


@pytest.mark.django_db
def test_grant_total_is_quota_times_grant():
    assert CallFactory().grant_total == Decimal("800000.00")
