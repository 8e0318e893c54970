"""The guard of tests/conftest.py: no test reads the real clock (see tests/clock.py)."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.clock import BEIJING, DEFAULT_INSTANT, ORDINARY_MORNING, default_instant

A_MINUTE = timedelta(minutes=1)


@pytest.fixture(scope="module")
def module_start():
    """What a module-scoped fixture (a world built once per module) reads from the clock."""
    return timezone.now()


def test_every_clock_python_offers_starts_at_the_default_instant():
    assert DEFAULT_INSTANT <= timezone.now() < DEFAULT_INSTANT + A_MINUTE
    assert DEFAULT_INSTANT <= datetime.now(UTC) < DEFAULT_INSTANT + A_MINUTE
    assert DEFAULT_INSTANT.timestamp() <= time.time() < (DEFAULT_INSTANT + A_MINUTE).timestamp()
    assert timezone.localdate() == DEFAULT_INSTANT.astimezone(BEIJING).date()
    assert date.today() == datetime.fromtimestamp(DEFAULT_INSTANT.timestamp()).date()  # the process's zone


def test_module_fixtures_start_at_the_default_instant_too(module_start):
    assert DEFAULT_INSTANT <= module_start < DEFAULT_INSTANT + A_MINUTE


def test_the_clock_runs_on_so_rows_made_one_after_the_other_keep_their_order():
    readings = [timezone.now() for _ in range(10_000)]
    assert readings == sorted(readings)
    assert readings[-1] > readings[0]


def test_a_test_travels_elsewhere_and_comes_back_to_the_default_instant():
    elsewhere = datetime(2020, 7, 1, 10, 0, tzinfo=BEIJING)
    with time_machine.travel(elsewhere, tick=False):
        assert timezone.now() == elsewhere
    assert DEFAULT_INSTANT <= timezone.now() < DEFAULT_INSTANT + A_MINUTE


def test_the_clock_in_the_call_fixture_answers_instead(clock_in_the_call):
    assert timezone.now() == datetime(2020, 7, 1, 10, 0, tzinfo=BEIJING)


def test_the_default_instant_is_an_ordinary_morning_unless_the_environment_moves_it(monkeypatch):
    monkeypatch.delenv("PSYBOOST_TEST_INSTANT", raising=False)
    assert default_instant() == ORDINARY_MORNING == datetime(2026, 11, 18, 2, 0, tzinfo=UTC)

    monkeypatch.setenv("PSYBOOST_TEST_INSTANT", "2026-12-31T16:30:00+00:00")
    assert default_instant() == datetime(2027, 1, 1, 0, 30, tzinfo=BEIJING)

    monkeypatch.setenv("PSYBOOST_TEST_INSTANT", "2026-12-31 16:30:00")
    with pytest.raises(ValueError, match="PSYBOOST_TEST_INSTANT needs an offset"):
        default_instant()
