from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from psyboost.calls.phases import Phase, is_accepting_submissions, phase_of
from tests.factories import CallFactory

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2020, 5, 31, 23, 59, tzinfo=BEIJING), Phase.NOT_STARTED),
        (datetime(2020, 6, 1, 0, 0, tzinfo=BEIJING), Phase.OPEN),
        (datetime(2020, 7, 20, 23, 59, 59, tzinfo=BEIJING), Phase.OPEN),
        (datetime(2020, 7, 21, 0, 0, tzinfo=BEIJING), Phase.CLOSED),
    ],
)
def test_phase_follows_the_dates_in_beijing_time(moment, expected):
    assert phase_of(CallFactory(), moment) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stage", "expected"),
    [("review", Phase.REVIEW), ("announcement", Phase.ANNOUNCEMENT), ("implementation", Phase.IMPLEMENTATION),
     ("closed", Phase.FINISHED)],
)
def test_stage_set_by_staff_wins_over_the_dates(stage, expected):
    call = CallFactory(stage=stage)
    assert phase_of(call, datetime(2020, 6, 15, tzinfo=BEIJING)) == expected
    assert not is_accepting_submissions(call, datetime(2020, 6, 15, tzinfo=BEIJING))
