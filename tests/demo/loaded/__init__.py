"""The tests that read the loaded demo: it is loaded once for this package (``conftest.demo``), and the package's
tests all run on one pytest-xdist worker (``pytest_xdist_make_scheduler`` in tests/conftest.py), so the whole suite
loads it once."""

from datetime import UTC, datetime

# 2026-11-28 17:21 UTC is already 29 November in Beijing.
NOW = datetime(2026, 11, 28, 17, 21, tzinfo=UTC)
