"""Time to match: per resource request the hours from filing (``created_at``) to the match (``matched_at``); per
request type and over all types the median and the 90th percentile of the matched ones, and the ages of the
requests still open at ``now``. Read only, from requests already loaded (no query of its own).

The median of an even count is the mean of the two middle values; the 90th percentile is the nearest rank (the
smallest value with at least 90 % of the values at or below it). Hours are Decimals rounded half-up to 0.1."""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ResourceRequest

TENTH = Decimal("0.1")


def hours_between(start, end) -> Decimal:
    seconds = Decimal(int((end - start).total_seconds()))
    return (seconds / 3600).quantize(TENTH, rounding=ROUND_HALF_UP)


def median(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return ((ordered[middle - 1] + ordered[middle]) / 2).quantize(TENTH, rounding=ROUND_HALF_UP)


def percentile(values: list[Decimal], share: int) -> Decimal | None:
    """Nearest rank: the ⌈share/100 × n⌉-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered) / 100)) - 1]


@dataclass
class MatchTimes:
    kind: str
    label: str
    matched: list[Decimal] = field(default_factory=list)
    open_ages: list[Decimal] = field(default_factory=list)

    @property
    def median(self) -> Decimal | None:
        return median(self.matched)

    @property
    def p90(self) -> Decimal | None:
        return percentile(self.matched, 90)

    @property
    def open_count(self) -> int:
        return len(self.open_ages)

    @property
    def oldest_open(self) -> Decimal | None:
        return max(self.open_ages) if self.open_ages else None

    @property
    def open_median(self) -> Decimal | None:
        return median(self.open_ages)


def match_times(requests, *, now=None) -> list[MatchTimes]:
    """One row per request type that has any request, in the types' order, then the row of all types
    (kind ``""``). Cancelled requests count only if they had been matched."""
    now = now or timezone.now()
    rows = {kind: MatchTimes(kind, str(label)) for kind, label in ResourceRequest.Kind.choices}
    every = MatchTimes("", _("全部"))
    seen = set()
    for request in requests:
        row = rows[request.kind]
        if request.matched_at is not None:
            hours = hours_between(request.created_at, request.matched_at)
            row.matched.append(hours)
            every.matched.append(hours)
        elif request.state == ResourceRequest.State.OPEN:
            age = hours_between(request.created_at, now)
            row.open_ages.append(age)
            every.open_ages.append(age)
        else:
            continue
        seen.add(request.kind)
    return [rows[kind] for kind in ResourceRequest.Kind.values if kind in seen] + [every]


def open_age(request, *, now=None) -> Decimal | None:
    """Hours an open request has waited at ``now``; None once matched or cancelled."""
    if request.state != ResourceRequest.State.OPEN:
        return None
    return hours_between(request.created_at, now or timezone.now())
