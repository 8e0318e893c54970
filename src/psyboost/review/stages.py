"""Stages whose scoring is opened by a later stage of the cycle, not by the call's review phase.

The closing evaluation of a funded project (``Stage.CLOSING``) is open while that project is under evaluation, which
only the projects app knows. It registers a gate here in its ``AppConfig.ready`` (review never imports it): a function
of the assignment answering ``None`` when scoring is open, else the Chinese message saying why not.
"""

from collections.abc import Callable

GATES: dict[str, Callable] = {}


def register_gate(stage: str, gate: Callable) -> None:
    GATES[stage] = gate


def gate_of(stage: str) -> Callable | None:
    return GATES.get(stage)
