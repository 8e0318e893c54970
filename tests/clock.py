"""The instant every test starts at, unless it travels elsewhere itself.

No test reads the real clock: ``tests/conftest.py`` travels (time_machine) to ``DEFAULT_INSTANT`` for each test
module (its module-scoped fixtures) and again for each test, and a test or fixture that needs another moment travels
there inside it (time_machine's travels nest: the innermost one answers, and leaving it returns to the outer one).
The clock then runs on from the instant, as a real one would, so rows made one after the other keep their order.

``PSYBOOST_TEST_INSTANT`` (ISO 8601 with an offset) moves the default: CI's libfaketime pass sets it to its awkward
instant, so a test that only passes on the default day fails there.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")

# An ordinary working morning, the same day in Beijing and in UTC, long after the factories' 2020 call.
ORDINARY_MORNING = datetime(2026, 11, 18, 10, 0, tzinfo=BEIJING)


def default_instant() -> datetime:
    value = os.environ.get("PSYBOOST_TEST_INSTANT", "").strip()
    if not value:
        return ORDINARY_MORNING
    instant = datetime.fromisoformat(value)
    if instant.tzinfo is None:
        raise ValueError(f"PSYBOOST_TEST_INSTANT needs an offset (e.g. +00:00): {value!r}")
    return instant


DEFAULT_INSTANT = default_instant()
