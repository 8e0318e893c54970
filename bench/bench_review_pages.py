"""Benchmark of the review results at the size of a real call, through Django: the staff's result pages and
``psyboost rank``.

270 accepted applications × 30 experts × 3 submitted materials reviews × 10 criteria (8,100 stored scores, seeded
random, experts with their own leniency, assigned by the optimiser, 3 % conflicts), in a throwaway SQLite test
database; ``--applications 750`` for ten times the data of a small call. Prints, for each page (ranking, progress,
assignments, selection, insight, the ranking export), seconds of a single request (median of 5 after one warm-up,
i.e. with the stored result in place) and its query count; for the ranking also the first request after a change
(computes and stores the result: one score changed before each of 5 runs), and the same for the ranking export
(built and stored again: median of 3).

Run: ``.venv/bin/python bench/bench_review_pages.py [--applications 750] [--profile selection]`` (``--profile PAGE``
prints a cProfile of one request of that page instead).
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


def build(applications_count=APPLICATIONS):
    from tests import factories

    from psyboost.review.assignment_solver import assign
    from psyboost.review.models import Assignment, Conflict, Review, ReviewPhase, ReviewSettings, Score

    rng = random.Random(SEED)
    call = factories.CallFactory()
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": ReviewPhase.DECISION})
    criteria = [
        factories.CriterionFactory(call=call, name=f"指标{n}", max_points=Decimal(10), position=n)
        for n in range(CRITERIA)
    ]
    applications = [
        factories.AcceptedApplicationFactory(call=call, number=n + 1, with_rows=False, with_photos=False)
        for n in range(applications_count)
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


PAGES = {
    "ranking": "/review/{year}/ranking/",
    "progress": "/review/{year}/progress/?stage=materials",
    "assignments": "/review/{year}/assignments/?stage=materials",
    "selection": "/review/{year}/selection/",
    "insight": "/review/{year}/insight/?stage=materials",
    "export_ranking": "/review/{year}/export/ranking.xlsx",
}


def profile(client, url: str) -> dict:
    """The 30 most expensive functions (cumulative) of one request, after a warm-up."""
    import cProfile
    import pstats

    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    response = client.get(url)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(30)
    return {}


def main() -> dict:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=APPLICATIONS)
    parser.add_argument("--profile", choices=sorted(PAGES), help="print a cProfile of one page's request and stop")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "bench"))
    from _common import write_result

    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    started = time.perf_counter()
    call, staff, scores = build(args.applications)
    print(
        f"{args.applications} applications × {EXPERTS} experts × {REVIEWS} reviews × {CRITERIA} criteria: "
        f"{scores} scores (built in {time.perf_counter() - started:.1f} s)"
    )
    from psyboost.review.models import Score
    from psyboost.review.services import stored

    client = Client()
    client.force_login(staff)
    if args.profile:
        return profile(client, PAGES[args.profile].format(year=call.year))
    figures = {"applications": args.applications, "scores": scores}
    for name, template in PAGES.items():
        url = template.format(year=call.year)

        def page(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)

        page()
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, params, many, context, queries=queries: (
                queries.append(sql) or execute(sql, params, many, context)
            )
        ):
            page()
        figures[f"{name}_seconds"] = round(median_seconds(page), 4)
        figures[f"{name}_queries"] = len(queries)
    score = Score.objects.order_by("pk").first()

    def changed_then_ranking():
        score.points = 10 - score.points  # a real change: the stored ranking is out of date
        score.save()
        stored.forget_memo()
        started = time.perf_counter()
        response = client.get(PAGES["ranking"].format(year=call.year))
        assert response.status_code == 200
        return time.perf_counter() - started

    changed_then_ranking()
    figures["ranking_after_a_change_seconds"] = round(statistics.median(changed_then_ranking() for _ in range(RUNS)), 4)

    def changed_then_export():
        score.points = 10 - score.points
        score.save()
        stored.forget_memo()
        started = time.perf_counter()
        response = client.get(PAGES["export_ranking"].format(year=call.year))
        assert response.status_code == 200
        return time.perf_counter() - started

    figures["export_ranking_after_a_change_seconds"] = round(
        statistics.median(changed_then_export() for _ in range(3)), 4
    )
    figures["rank_command_seconds"] = round(
        median_seconds(lambda: call_command("rank", str(call.year), stdout=io.StringIO())), 3
    )
    for key, value in figures.items():
        print(f"{key:<28} {value}")
    write_result("review_pages" if args.applications == APPLICATIONS else f"review_pages_{args.applications}", figures)
    return figures


if __name__ == "__main__":
    main()
