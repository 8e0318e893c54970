"""Benchmark of the review results at the size of a real call, through Django: the staff ranking page and
``psyboost rank``.

270 accepted applications × 30 experts × 3 submitted materials reviews × 10 criteria (8,100 stored scores, seeded
random, experts with their own leniency, assigned by the optimiser, 3 % conflicts), in a throwaway SQLite test
database. Prints seconds (median of 5 after one warm-up) and the query count of the page.

Run: ``.venv/bin/python bench/bench_review_pages.py``
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psyboost.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SEED = 20200401
APPLICATIONS, EXPERTS, REVIEWS, CRITERIA = 270, 30, 3, 10
RUNS = 5


def build():
    from tests import factories

    from psyboost.review.assignment import assign
    from psyboost.review.models import Assignment, Conflict, Phase, Review, ReviewSettings, Score

    rng = random.Random(SEED)
    call = factories.CallFactory()
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": Phase.DECISION})
    criteria = [
        factories.CriterionFactory(call=call, name=f"指标{n}", max_points=Decimal(10), position=n)
        for n in range(CRITERIA)
    ]
    applications = [
        factories.AcceptedApplicationFactory(call=call, number=n + 1, with_rows=False, with_photos=False)
        for n in range(APPLICATIONS)
    ]
    experts = [factories.ExpertProfileFactory() for _ in range(EXPERTS)]
    conflicts = {(e.pk, a.pk) for e in experts for a in applications if rng.random() < 0.03}
    for expert_id, application_id in sorted(conflicts)[:20]:
        unit_id = next(a.unit_id for a in applications if a.pk == application_id)
        Conflict.objects.get_or_create(
            call=call, expert_id=expert_id, unit_id=unit_id, kind="own_unit", defaults={"source": "declared"}
        )
    result = assign([a.pk for a in applications], [e.pk for e in experts], k=REVIEWS, conflicts=conflicts)
    assignments = Assignment.objects.bulk_create(
        Assignment(application_id=a, expert_id=e, stage="materials") for e, a in sorted(result.pairs)
    )
    now = timezone.now()
    reviews = Review.objects.bulk_create(Review(assignment=x, state="submitted", submitted_at=now) for x in assignments)
    quality = {a.pk: rng.uniform(0.45, 0.9) for a in applications}
    leniency = {e.pk: rng.uniform(-1.5, 1.5) for e in experts}
    Score.objects.bulk_create(
        Score(
            review=review,
            criterion=criterion,
            points=Decimal(
                min(10, max(0, round(quality[x.application_id] * 10 + leniency[x.expert_id] + rng.gauss(0, 1))))
            ),
        )
        for review, x in zip(reviews, assignments, strict=True)
        for criterion in criteria
    )
    return call, factories.StaffFactory(username="bench-staff"), Score.objects.count()


def median_seconds(function) -> float:
    function()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> dict:
    sys.path.insert(0, str(REPO / "bench"))
    from _common import write_result

    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    started = time.perf_counter()
    call, staff, scores = build()
    print(
        f"{APPLICATIONS} applications × {EXPERTS} experts × {REVIEWS} reviews × {CRITERIA} criteria: {scores} scores "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    client = Client()
    client.force_login(staff)
    url = f"/review/{call.year}/ranking/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)
    ):
        page()
    figures = {
        "scores": scores,
        "ranking_page_seconds": round(median_seconds(page), 3),
        "ranking_page_queries": len(queries),
        "rank_command_seconds": round(
            median_seconds(lambda: call_command("rank", str(call.year), stdout=io.StringIO())), 3
        ),
    }
    for key, value in figures.items():
        print(f"{key:<28} {value}")
    write_result("review_pages", figures)
    return figures


if __name__ == "__main__":
    main()
