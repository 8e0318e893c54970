"""Benchmark of the review algorithms: assignment and ranking at the size of a real call.

270 applications × 30 experts × 3 reviews × 10 criteria in the materials review (seeded random data, experts with
their own leniency), then the shortlist (top 60), an on-site assignment of 5 experts each with 5 criteria, and the
final ranking by every method with and without normalisation. Prints seconds; the target for a ranking is < 1 s.

Run: ``.venv/bin/python bench/bench_review.py``
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from psyboost.review.aggregation import MATERIALS, METHODS, ONSITE, Score
from psyboost.review.assignment_solver import assign
from psyboost.review.ranking import RankingSettings, rank

SEED = 20200401
APPLICATIONS = 270
EXPERTS = 30
REVIEWS = 3
CRITERIA = 10
SHORTLIST = 60
ONSITE_REVIEWS = 5
ONSITE_CRITERIA = 5


def timed(label, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{label:<58} {seconds:7.3f} s")
    return result, seconds


def scores_for(assignment, stage, criteria, maximum, quality, leniency, rng):
    scores = []
    for expert_id, application_id in sorted(assignment.pairs):
        for criterion in range(1, criteria + 1):
            raw = quality[application_id] * maximum + leniency[expert_id] + rng.gauss(0, 1)
            points = min(maximum, max(0, round(raw)))
            scores.append(Score(application_id, expert_id, stage, f"{stage}-{criterion}", points, maximum))
    return scores


def main() -> dict[str, float]:
    rng = random.Random(SEED)
    applications = [f"2020-{number:03d}" for number in range(1, APPLICATIONS + 1)]
    experts = [f"expert{number:02d}" for number in range(1, EXPERTS + 1)]
    conflicts = {(e, a) for e in experts for a in applications if rng.random() < 0.03}
    affinity = {(e, a): Decimal(rng.randint(0, 100)) / 100 for e in experts for a in applications}
    fixed = [(rng.choice(experts), rng.choice(applications)) for _ in range(15)]
    quality = {a: rng.uniform(0.45, 0.9) for a in applications}
    leniency = {e: rng.uniform(-1.5, 1.5) for e in experts}
    figures = {}

    print(f"{APPLICATIONS} applications × {EXPERTS} experts × {REVIEWS} reviews × {CRITERIA} criteria, seed {SEED}")
    materials, figures["assignment"] = timed(
        f"assignment, materials (k={REVIEWS}, min-cost flow)",
        assign,
        applications,
        experts,
        REVIEWS,
        conflicts,
        affinity,
        fixed,
    )
    print(f"  loads {min(materials.loads.values())}…{max(materials.loads.values())}, gaps {len(materials.gaps)}")
    material_scores, figures["scores"] = timed(
        "building the Score rows, materials (validated)",
        scores_for,
        materials,
        MATERIALS,
        CRITERIA,
        10,
        quality,
        leniency,
        rng,
    )

    shortlist_settings = RankingSettings(weights=((MATERIALS, Decimal(1)),))
    shortlist, figures["shortlist"] = timed(
        f"ranking, materials only ({len(material_scores)} scores)", rank, material_scores, shortlist_settings
    )
    finalists = shortlist.order()[:SHORTLIST]
    onsite, figures["assignment_onsite"] = timed(
        f"assignment, on-site (top {SHORTLIST}, k={ONSITE_REVIEWS})",
        assign,
        finalists,
        experts,
        ONSITE_REVIEWS,
        conflicts,
        affinity,
    )
    all_scores = material_scores + scores_for(onsite, ONSITE, ONSITE_CRITERIA, 20, quality, leniency, rng)

    for method in METHODS:
        for normalise in (False, True):
            settings = RankingSettings(method=method, normalise=normalise)
            label = f"ranking, {method}{' + z-scores' if normalise else ''} ({len(all_scores)} scores)"
            ranking, figures[f"ranking_{method}{'_z' if normalise else ''}"] = timed(label, rank, all_scores, settings)
    top = ranking.rows[0]
    print(f"  first: {top.application_id} final {top.final.value}; 40th: {ranking.rows[39].final.value}")
    return figures


if __name__ == "__main__":
    main()
