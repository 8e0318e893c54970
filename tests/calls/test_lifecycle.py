from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from psyboost.calls.lifecycle import PublicPhase, Status, is_accepting_submissions, public_phase
from tests.factories import CallFactory

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2020, 5, 31, 23, 59, tzinfo=BEIJING), PublicPhase.NOT_STARTED),
        (datetime(2020, 6, 1, 0, 0, tzinfo=BEIJING), PublicPhase.OPEN),
        (datetime(2020, 7, 20, 23, 59, 59, tzinfo=BEIJING), PublicPhase.OPEN),
        (datetime(2020, 7, 21, 0, 0, tzinfo=BEIJING), PublicPhase.CLOSED),
    ],
)
def test_phase_follows_the_dates_in_beijing_time(moment, expected):
    assert public_phase(CallFactory(), moment) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.REVIEW, PublicPhase.REVIEW),
        (Status.ANNOUNCEMENT, PublicPhase.ANNOUNCEMENT),
        (Status.IMPLEMENTATION, PublicPhase.IMPLEMENTATION),
        (Status.CLOSING, PublicPhase.CLOSING),
        (Status.ARCHIVED, PublicPhase.FINISHED),
    ],
)
def test_the_status_its_steps_set_wins_over_the_dates(status, expected):
    call = CallFactory(status=status)
    assert public_phase(call, datetime(2020, 6, 15, tzinfo=BEIJING)) == expected
    assert not is_accepting_submissions(call, datetime(2020, 6, 15, tzinfo=BEIJING))
