"""Expert assignment by min-cost flow: conflicts, fixed pairs, gaps, balance, expertise — exact results."""

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psyboost.review.assignment_solver import assign


def test_every_application_gets_k_experts_with_balanced_loads():
    result = assign(range(1, 11), ["e1", "e2", "e3", "e4"], k=3)
    assert all(len(experts) == 3 for experts in result.experts_of.values())
    assert sorted(result.loads.values()) == [7, 7, 8, 8]
    assert (result.gaps, result.rejected_fixed, result.balanced, result.spread) == ({}, (), True, 1)
    assert result.new == result.pairs and len(result.pairs) == 30


def test_an_optimal_assignment_beats_the_greedy_one():
    # Greedy would take the best pair (e1, a2) = 1.0 first and leave a1 to e2: 1.0 in all. The optimum is 1.7.
    affinity = {("e1", "a1"): Decimal("0.9"), ("e1", "a2"): 1, ("e2", "a2"): Decimal("0.8")}
    result = assign(["a1", "a2"], ["e1", "e2"], k=1, affinity=affinity)
    assert result.pairs == {("e1", "a1"), ("e2", "a2")}


def test_balance_comes_before_expertise():
    affinity = {("e1", "a1"): 1, ("e1", "a2"): 1}
    result = assign(["a1", "a2"], ["e1", "e2"], k=1, affinity=affinity)
    assert result.loads == {"e1": 1, "e2": 1}


def test_conflicts_are_never_assigned_and_shortfalls_are_reported_as_gaps():
    conflicts = {("e1", 1), ("e2", 1), ("e3", 1), ("e1", 2)}
    result = assign([1, 2, 3], ["e1", "e2", "e3"], k=3, conflicts=conflicts)
    assert result.experts_of == {1: (), 2: ("e2", "e3"), 3: ("e1", "e2", "e3")}
    assert result.gaps == {1: 3, 2: 1}
    assert not result.pairs & conflicts


def test_more_experts_asked_for_than_exist():
    result = assign([1, 2], ["e1", "e2"], k=3)
    assert result.gaps == {1: 1, 2: 1}
    assert result.loads == {"e1": 2, "e2": 2}


def test_fixed_pairs_are_kept_and_conflicting_ones_rejected():
    fixed = [("e1", 1), ("e1", 2), ("e1", 3), ("e1", 4), ("e2", 5)]
    result = assign([1, 2, 3, 4, 5, 6], ["e1", "e2", "e3"], k=1, conflicts={("e2", 5)}, fixed=fixed)
    assert result.rejected_fixed == (("e2", 5),)
    assert {("e1", 1), ("e1", 2), ("e1", 3), ("e1", 4)} <= result.pairs
    assert ("e2", 5) not in result.pairs
    assert result.new == {("e3", 5), ("e2", 6)}
    # e1 carries four fixed reviews: balance within 1 is impossible here, and is reported so.
    assert result.loads == {"e1": 4, "e2": 1, "e3": 1}
    assert (result.balanced, result.spread, result.gaps) == (False, 3, {})


def test_an_expert_forced_far_above_the_balanced_load_still_takes_every_review():
    # Offered slots start just above the balanced load (2 + 1) and widen while an expert uses them all.
    conflicts = {(e, a) for e in ("e2", "e3") for a in range(1, 7)}
    result = assign(range(1, 7), ["e1", "e2", "e3"], k=1, conflicts=conflicts)
    assert (result.loads, result.gaps, result.spread) == ({"e1": 6, "e2": 0, "e3": 0}, {}, 6)


def test_applications_fixed_beyond_k_keep_them_all():
    result = assign([1], ["e1", "e2", "e3"], k=2, fixed=[("e1", 1), ("e2", 1), ("e3", 1)])
    assert (result.experts_of, result.new, result.gaps) == ({1: ("e1", "e2", "e3")}, frozenset(), {})


def test_nothing_to_assign():
    assert assign([], [], k=3).pairs == frozenset()
    empty = assign([1], [], k=2)
    assert (empty.gaps, empty.loads, empty.spread) == ({1: 2}, {}, 0)
    assert assign([1, 2], ["e1"], k=0).loads == {"e1": 0}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"k": -1}, ValueError),
        ({"k": True}, ValueError),
        ({"fixed": [("e9", 1)]}, ValueError),
        ({"affinity": {("e1", 1): Decimal("1.5")}}, ValueError),
        ({"affinity": {("e1", 1): 0.5}}, TypeError),
    ],
)
def test_bad_input_is_refused(kwargs, error):
    with pytest.raises(error):
        assign([1, 2], ["e1", "e2"], **kwargs)


def test_the_same_input_in_any_order_gives_the_same_assignment():
    conflicts = {(e, a) for e in range(6) for a in range(40) if (e * 7 + a) % 11 == 0}
    affinity = {(e, a): Decimal((e * 13 + a * 7) % 101) / 100 for e in range(6) for a in range(40)}
    one = assign(range(40), range(6), conflicts=conflicts, affinity=affinity)
    two = assign(list(reversed(range(40))), [5, 3, 1, 0, 2, 4], conflicts=list(conflicts), affinity=affinity)
    assert one == two
    assert one.balanced and not one.gaps


@st.composite
def instances(draw, max_applications=10, max_experts=6, max_k=4):
    applications = list(range(draw(st.integers(0, max_applications))))
    experts = [f"e{i}" for i in range(draw(st.integers(0, max_experts)))]
    pairs = [(e, a) for e in experts for a in applications]
    conflicts = {pair for pair in pairs if draw(st.integers(0, 9)) < draw(st.sampled_from([0, 2, 5]))}
    fixed = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)) if pairs else []
    affinity = {pair: Decimal(draw(st.integers(0, 4))) / 4 for pair in pairs}
    return applications, experts, draw(st.integers(0, max_k)), conflicts, affinity, fixed


@given(instances())
def test_the_assignment_respects_conflicts_keeps_fixed_pairs_and_fills_every_feasible_place(instance):
    applications, experts, k, conflicts, affinity, fixed = instance
    result = assign(applications, experts, k, conflicts, affinity, fixed)

    assert not result.pairs & conflicts
    assert set(result.rejected_fixed) == set(fixed) & conflicts
    kept = set(fixed) - conflicts
    assert kept <= result.pairs
    assert result.new == result.pairs - kept
    for application in applications:
        mine = {e for e, a in kept if a == application}
        eligible = [e for e in experts if (e, application) not in conflicts and e not in mine]
        # Experts take any number of reviews, so each application independently gets what its eligible experts allow.
        expected = len(mine) + min(max(0, k - len(mine)), len(eligible))
        assert len(result.experts_of[application]) == expected
        assert result.gaps.get(application, 0) == max(0, k - expected)
    assert result.loads == {e: sum(1 for pair in result.pairs if pair[0] == e) for e in experts}
    if not conflicts and not fixed and k <= len(experts):
        assert result.balanced and not result.gaps


def best_by_brute_force(applications, experts, k, conflicts, affinity, fixed):
    """(smallest spread, smallest Σ load², largest affinity) over every maximum assignment."""
    kept = set(fixed) - conflicts
    choices = []
    for application in applications:
        mine = {e for e, a in kept if a == application}
        eligible = [e for e in experts if (e, application) not in conflicts and e not in mine]
        size = min(max(0, k - len(mine)), len(eligible))
        choices.append([[(e, application) for e in chosen] for chosen in itertools.combinations(eligible, size)])
    best_spread, best_objective = None, None
    for combination in itertools.product(*choices):
        new = [pair for chosen in combination for pair in chosen]
        loads = [sum(1 for e, _a in [*kept, *new] if e == expert) for expert in experts]
        spread = max(loads) - min(loads) if loads else 0
        objective = (sum(load * load for load in loads), -sum(affinity[pair] for pair in new))
        best_spread = spread if best_spread is None else min(best_spread, spread)
        best_objective = objective if best_objective is None else min(best_objective, objective)
    return best_spread, best_objective


@settings(max_examples=60)
@given(instances(max_applications=5, max_experts=4, max_k=3))
def test_loads_are_as_balanced_as_possible_then_expertise_is_maximal(instance):
    applications, experts, k, conflicts, affinity, fixed = instance
    result = assign(applications, experts, k, conflicts, affinity, fixed)
    best_spread, best_objective = best_by_brute_force(*instance)

    loads = list(result.loads.values())
    assert result.spread == best_spread
    if best_spread <= 1:
        assert result.balanced
    assert (sum(load * load for load in loads), -sum(affinity[pair] for pair in result.new)) == best_objective
