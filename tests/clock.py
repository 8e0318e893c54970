"""The instant every test starts at, unless it travels elsewhere itself.

No test reads the real clock: ``tests/conftest.py`` travels (time_machine) to ``DEFAULT_INSTANT`` for each test
module (its module-scoped fixtures) and again for each test, and a test or fixture that needs another moment travels
there inside it (time_machine's travels nest: the innermost one answers, and leaving it returns to the outer one).
The clock then runs on from the instant, as a real one would, so rows made one after the other keep their order.

``PSYBOOST_TEST_INSTANT`` (ISO 8601 with an offset) moves the default: CI's libfaketime pass sets it to its awkward
instant, so a test that only passes on the default day fails there.
"""

import os
import threading
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


# --- libfaketime -----------------------------------------------------------------------------------------------------
# CI runs the suite a second time under libfaketime (Debian's 0.9.10, `.ci/run`) with the monotonic clock left real.
# That version makes clock_nanosleep fail with EINVAL, and Python's time.sleep is built on it: every sleep raised
# OSError (the submissions' retry, subprocess.run's wait with a timeout). Waiting on an event has the same effect and
# goes through pthread_cond_timedwait on the real monotonic clock, which libfaketime leaves alone.


def under_libfaketime() -> bool:
    return "libfaketime" in os.environ.get("LD_PRELOAD", "")


def sleep_on_an_event(seconds: float) -> None:
    """``time.sleep`` for a process under libfaketime: the same wait, without clock_nanosleep."""
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    threading.Event().wait(seconds)
