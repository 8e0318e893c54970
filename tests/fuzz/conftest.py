"""Hypothesis-driven requests against the forms and JSON endpoints: counted, and the count printed at the end.

``FUZZ_SCALE`` (default 1) multiplies every test's number of examples: CI runs ≥ 10,000 submissions in all
(``EXAMPLES`` below); a quick local run can use FUZZ_SCALE=0.05.
"""

import os

from hypothesis import HealthCheck, settings

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
# Submissions per test at scale 1; their sum is what one CI run sends at least.
# The heavier endpoints (a draft saved and every stored value re-checked: ~50-100 ms each) get fewer examples
# than the light ones, so that the 10,000 take a few minutes.
EXAMPLES = {
    "autosave": 2000,
    "section": 800,
    "score": 700,
    "conflict": 1500,
    "login": 2500,
    "audit": 1500,
    "call": 1000,
}
assert sum(EXAMPLES.values()) >= 10_000
SENT = {"count": 0}


def fuzz_settings(name: str):
    return settings(
        max_examples=max(1, int(EXAMPLES[name] * SCALE)),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def pytest_terminal_summary(terminalreporter):
    if SENT["count"]:
        terminalreporter.write_line(f"fuzzing: {SENT['count']} generated submissions sent")
