"""Automatic assignment of experts to applications: an optimal min-cost flow, not a greedy pass.

``assign(applications, experts, k=3, conflicts=..., affinity=..., fixed=...)`` returns an :class:`Assignment`.

Rules, in order of priority
    1. Never a conflicted pair: ``conflicts`` is a set of ``(expert_id, application_id)``; such a pair is never
       assigned. A *fixed* (manual) pair that is also conflicted is not kept either; it is reported in
       :attr:`Assignment.rejected_fixed` so staff can see and undo it.
    2. Keep the fixed assignments: every other pair in ``fixed`` is part of the result and counts towards the
       application's ``k`` and the expert's load (an application fixed beyond ``k`` keeps them all, gets no more).
    3. As many assignments as possible: every application gets ``k`` distinct experts whenever that is feasible at
       all; otherwise as many as the conflicts allow, and the shortfall is reported in :attr:`Assignment.gaps`.
    4. Balanced loads: among those, the sum of the squared expert loads is minimal. For this kind of problem (the
       load vectors of maximum assignments form an M-convex set) that minimiser also has the smallest possible
       maximum and the largest possible minimum load, so ``max − min ≤ 1`` whenever any maximum assignment achieves
       it (fixed pairs and conflicts may make that impossible; :attr:`Assignment.balanced` tells).
    5. Expertise: among those, the sum of the affinities of the new pairs is maximal. ``affinity`` maps
       ``(expert_id, application_id)`` to an ``int`` or ``Decimal`` in 0…1 (missing pairs count 0); it is used at a
       resolution of 1/100.

How
    A flow network source → application (capacity = still needed) → expert (capacity 1 per allowed pair, cost
    ``100 − affinity×100``) → one unit slot per possible extra load (the slot that makes the load ``L`` costs
    ``B × (2L − 1)``, so an expert's slots add up to ``B × L²``: convex) → sink. ``B`` is larger than any possible
    affinity difference, which puts rule 4 strictly before rule 5. ``networkx.max_flow_min_cost`` (network simplex,
    exact integer costs) gives rule 3 first, then the cheapest such flow. Slots are offered only a little above the
    balanced load and widened while some expert uses all of them (see :func:`_min_cost_flow`), which keeps the
    network small. Nodes are added in sorted order, so the result is the same on every run.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP

import networkx as nx

from .aggregation import decimal_value

AFFINITY_SCALE = 100
SOURCE = ("source",)
SINK = ("sink",)


@dataclass(frozen=True)
class Assignment:
    """The result: the pairs (fixed and new), each application's experts, loads and what could not be done."""

    k: int
    pairs: frozenset[tuple[Hashable, Hashable]]
    new: frozenset[tuple[Hashable, Hashable]]
    experts_of: Mapping[Hashable, tuple[Hashable, ...]]
    loads: Mapping[Hashable, int]
    gaps: Mapping[Hashable, int]
    rejected_fixed: tuple[tuple[Hashable, Hashable], ...]

    @property
    def spread(self) -> int:
        """max − min load over all experts (0 without experts)."""
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0

    @property
    def balanced(self) -> bool:
        return self.spread <= 1


def _affinity_points(value: object) -> int:
    number = decimal_value(value, "affinity")
    if not 0 <= number <= 1:
        raise ValueError(f"affinity must be within 0…1, not {number}")
    return int((number * AFFINITY_SCALE).to_integral_value(rounding=ROUND_HALF_UP))


def assign(
    applications: Sequence[Hashable],
    experts: Sequence[Hashable],
    k: int = 3,
    conflicts: Collection[tuple[Hashable, Hashable]] = frozenset(),
    affinity: Mapping[tuple[Hashable, Hashable], object] | None = None,
    fixed: Iterable[tuple[Hashable, Hashable]] = (),
) -> Assignment:
    """Assign ``k`` experts to every application; see the module docstring for the rules."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a non-negative int, not {k!r}")
    applications = sorted(set(applications))
    experts = sorted(set(experts))
    known_applications, known_experts = set(applications), set(experts)
    conflicts = frozenset(conflicts)
    affinity = affinity or {}

    kept, rejected = set(), set()
    for expert_id, application_id in fixed:
        if expert_id not in known_experts or application_id not in known_applications:
            raise ValueError(f"fixed pair {(expert_id, application_id)!r} names an unknown expert or application")
        (rejected if (expert_id, application_id) in conflicts else kept).add((expert_id, application_id))

    fixed_load = dict.fromkeys(experts, 0)
    fixed_count = dict.fromkeys(applications, 0)
    for expert_id, application_id in kept:
        fixed_load[expert_id] += 1
        fixed_count[application_id] += 1
    need = {application_id: max(0, k - fixed_count[application_id]) for application_id in applications}
    total_need = sum(need.values())

    edges = []
    allowed = dict.fromkeys(experts, 0)
    for application_id in applications:
        if not need[application_id]:
            continue
        edges.append((SOURCE, ("a", application_id), need[application_id], 0))
        for expert_id in experts:
            pair = (expert_id, application_id)
            if pair in conflicts or pair in kept:
                continue
            cost = AFFINITY_SCALE - _affinity_points(affinity.get(pair, 0))
            edges.append((("a", application_id), ("e", expert_id), 1, cost))
            allowed[expert_id] += 1

    new = set()
    if total_need:
        useful = {expert_id: min(allowed[expert_id], total_need) for expert_id in experts}
        level = -(-(total_need + len(kept)) // max(len(experts), 1)) + 1
        while True:
            slots = {e: min(useful[e], max(1, level - fixed_load[e])) for e in experts}
            flow = _min_cost_flow(edges, slots, fixed_load, AFFINITY_SCALE * total_need + 1)
            used = {e: sum(flow.get(("e", e), {}).values()) for e in experts}
            if all(slots[e] == useful[e] or used[e] < slots[e] for e in experts):
                break
            level *= 2
        for application_id in applications:
            for (kind, expert_id), amount in flow.get(("a", application_id), {}).items():
                if kind == "e" and amount:
                    new.add((expert_id, application_id))

    pairs = frozenset(kept | new)
    experts_of: dict[Hashable, list[Hashable]] = {application_id: [] for application_id in applications}
    loads = dict.fromkeys(experts, 0)
    for expert_id, application_id in pairs:
        experts_of[application_id].append(expert_id)
        loads[expert_id] += 1
    gaps = {application_id: k - len(assigned) for application_id, assigned in experts_of.items() if len(assigned) < k}
    return Assignment(
        k=k,
        pairs=pairs,
        new=frozenset(new),
        experts_of={application_id: tuple(sorted(assigned)) for application_id, assigned in experts_of.items()},
        loads=loads,
        gaps=gaps,
        rejected_fixed=tuple(sorted(rejected)),
    )


def _min_cost_flow(edges, slots, fixed_load, big):
    """The cheapest maximum flow with ``slots[e]`` unit slots per expert; each slot costs ``big × (2 × load − 1)``.

    Only the first ``slots[e]`` slots exist. When an expert's last slot stays unused, more slots could not have
    helped: any augmenting path or cheaper cycle through a further slot would be at least as good through that
    unused, cheaper one. ``assign`` therefore starts a little above the balanced load and only widens when needed.
    """
    graph = nx.DiGraph()
    graph.add_node(SOURCE)
    graph.add_node(SINK)
    for tail, head, capacity, cost in edges:
        graph.add_edge(tail, head, capacity=capacity, weight=cost)
    for expert_id, count in slots.items():
        for slot in range(1, count + 1):
            load = fixed_load[expert_id] + slot
            graph.add_edge(("e", expert_id), ("slot", expert_id, slot), capacity=1, weight=big * (2 * load - 1))
            graph.add_edge(("slot", expert_id, slot), SINK, capacity=1, weight=0)
    return nx.max_flow_min_cost(graph, SOURCE, SINK)
