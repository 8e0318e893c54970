"""What changed in a call's ranking since a staff member last looked at it.

Every look that finds the ranking changed stores the ranks (application id → rank) per user, with its time; the
next look compares: who moved, who is new, who left, and who crossed the quota line. A look that finds the
ranking as stored writes nothing (the time shown stays that of the look that first saw it). A change to the
ranking happens only by a recorded action (scores submitted, a conflict staff accepted, a phase moved); this makes
it visible to whoever reads the ranking.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from psyboost.applications.models import Application
from psyboost.review.models import RankingLook


@dataclass(frozen=True)
class Change:
    application: object
    before: int | None  # None: not ranked at the last look
    after: int | None  # None: no longer ranked
    crossed_quota: bool


def look(call, user, ranking, quota: int, now) -> tuple[object, list[Change]]:
    """Record this look at the whole ``ranking`` (whatever page of it is shown) and return (the previous look's time
    or None, the changes since then, biggest moves first)."""
    current = {str(row.application_id): row.rank for row in ranking.rows}
    previous = RankingLook.objects.filter(call=call, user=user).first()
    if previous is None:
        try:
            with transaction.atomic():
                RankingLook.objects.create(call=call, user=user, ranks=current, looked_at=now)
        except IntegrityError:  # the same user's other tab looked at the same instant
            pass
        return None, []
    before, looked_at = previous.ranks, previous.looked_at
    if before == current:
        # Nothing changed since the look that first saw this ranking: "no change since then" stays true, and no
        # write is needed (under load every request of the page wrote here, one at a time on SQLite).
        return looked_at, []
    RankingLook.objects.filter(pk=previous.pk).update(ranks=current, looked_at=now)
    changes = []
    for key in current.keys() | before.keys():
        old, new = before.get(key), current.get(key)
        if old == new:
            continue
        crossed = (old is not None and old <= quota) != (new is not None and new <= quota)
        changes.append(Change(int(key), old, new, crossed))
    found = Application.objects.select_related("unit", "call").in_bulk([change.application for change in changes])
    changes = [
        Change(found.get(change.application), change.before, change.after, change.crossed_quota) for change in changes
    ]
    changes.sort(key=lambda c: (-abs((c.before or 0) - (c.after or 0)), c.after or 0))
    return looked_at, changes
