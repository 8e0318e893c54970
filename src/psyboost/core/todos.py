"""What staff must act on, collected from every stage: the staff workbench lists these to-dos with counts and links.

A stage adds a provider in its ``AppConfig.ready`` (``add_provider(fn, position)``); a provider takes ``now`` and
answers a list of ``Todo``. The workbench (the top layer) only calls ``collect``, so it needs no stage's models, and
no stage imports the workbench.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Todo:
    label: str  # what needs action, e.g. 待形式审查的申报
    count: int
    url: str  # where the list of these items is
    hint: str = ""  # one line on what to do


_PROVIDERS: list[tuple[int, Callable[[datetime], list[Todo]]]] = []


def add_provider(provider: Callable[[datetime], list[Todo]], position: int = 100) -> None:
    if all(existing is not provider for _position, existing in _PROVIDERS):
        _PROVIDERS.append((position, provider))


def collect(now: datetime) -> list[Todo]:
    """Every provider's to-dos, in the providers' positions (the stages' order)."""
    return [todo for _position, provider in sorted(_PROVIDERS, key=lambda item: item[0]) for todo in provider(now)]
