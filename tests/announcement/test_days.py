"""Counting the announcement period: natural and working days (official holidays, shifted working weekends),
the window's boundaries to the second in Beijing time, staff-entered years."""

from datetime import date, timedelta

import pytest

from psyboost.announcement import days
from psyboost.announcement.models import CalendarYear, Counting

from .helpers import at


def test_five_working_days_from_28_september_2020_end_on_saturday_10_october():
    # 28, 29, 30 September; 1–8 October is the National Day holiday; Friday 9 and Saturday 10 (a working day).
    assert days.last_day(date(2020, 9, 28), 5, Counting.WORKING) == date(2020, 10, 10)
    assert days.period_end(at(2020, 9, 28, 9, 0), 5, Counting.WORKING) == at(2020, 10, 11, 0, 0)


def test_shifted_working_sunday_counts():
    # Sunday 27 September 2020 was an official working day.
    assert days.is_working_day(date(2020, 9, 27)) is True
    assert days.last_day(date(2020, 9, 27), 1, Counting.WORKING) == date(2020, 9, 27)


def test_spring_festival_2021_is_skipped_and_its_saturday_counts():
    # 2021: 11–17 February off; Sunday 7 and Saturday 20 February were working days.
    assert days.last_day(date(2021, 2, 10), 2, Counting.WORKING) == date(2021, 2, 18)
    assert days.last_day(date(2021, 2, 18), 3, Counting.WORKING) == date(2021, 2, 20)


def test_a_start_on_a_holiday_counts_from_the_next_working_day():
    assert days.last_day(date(2020, 10, 3), 1, Counting.WORKING) == date(2020, 10, 9)


def test_natural_days_count_the_start_day():
    assert days.last_day(date(2020, 9, 28), 5, Counting.NATURAL) == date(2020, 10, 2)
    assert days.period_end(at(2020, 9, 28, 9, 0), 5, Counting.NATURAL) == at(2020, 10, 3, 0, 0)


def test_window_boundaries_to_the_second():
    end = days.period_end(at(2020, 9, 28, 9, 0), 5, Counting.WORKING)
    assert days.last_moment_day(end) == date(2020, 10, 10)
    assert at(2020, 10, 10, 23, 59, 59) < end
    assert not at(2020, 10, 11, 0, 0, 0) < end


@pytest.mark.django_db
def test_an_unknown_year_is_refused_until_staff_enter_it():
    assert days.package_knows(2026) is True
    assert days.package_knows(2027) is False
    with pytest.raises(days.CalendarUnknown) as refused:
        days.last_day(date(2027, 9, 28), 5, Counting.WORKING)
    assert "尚未录入2027年的法定节假日和调休安排" in str(refused.value)
    CalendarYear.objects.create(
        year=2027,
        holidays="\n".join((date(2027, 10, 1) + timedelta(days=n)).isoformat() for n in range(7)),
        workdays="2027-09-26\n2027-10-09",
    )
    # Tue 28, Wed 29, Thu 30 September; 1–7 October off; Fri 8, Sat 9 (shifted) → five.
    assert days.last_day(date(2027, 9, 28), 5, Counting.WORKING) == date(2027, 10, 9)
    assert days.is_working_day(date(2027, 9, 26)) is True
    # Natural days never need the calendar.
    assert days.last_day(date(2028, 1, 1), 5, Counting.NATURAL) == date(2028, 1, 5)
