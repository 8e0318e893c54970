"""The one way to write the audit trail, and the check of its hash chain."""

import hmac
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from psyboost.core.actors import acting_user

from .models import AuditChainHead, AuditEntry

HEAD = 1  # the primary key of the one AuditChainHead row


def _take_head() -> AuditChainHead:
    """Advance the chain's head by one under a write lock (the UPDATE comes first, so that on SQLite and PostgreSQL
    alike a second writer waits here until this entry is committed) and return it."""
    if not AuditChainHead.objects.filter(pk=HEAD).update(sequence=F("sequence") + 1):
        last = AuditEntry.objects.exclude(sequence=None).order_by("-sequence").first()
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(
                    pk=HEAD, sequence=last.sequence if last else 0, entry_hash=last.entry_hash if last else ""
                )
        except IntegrityError:
            pass  # created by a concurrent writer
        AuditChainHead.objects.filter(pk=HEAD).update(sequence=F("sequence") + 1)
    return AuditChainHead.objects.get(pk=HEAD)


def record(actor, action: str, target: models.Model | None = None, *, reason: str = "", **data: Any) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``target``; ``data`` holds what is needed to explain it later."""
    with transaction.atomic():
        head = _take_head()
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=acting_user(actor),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=str(target)[:255] if target is not None else "",
            reason=reason,
            data=data,
            sequence=head.sequence,
            previous_hash=head.entry_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        AuditChainHead.objects.filter(pk=HEAD).update(entry_hash=entry.entry_hash)
    return entry


def entries_for(target: models.Model):
    return AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "actor"
    )


@dataclass(frozen=True)
class BrokenLink:
    sequence: int | None
    entry_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"#{self.sequence} (id {self.entry_id})" if self.sequence is not None else "chain head"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head_hash: str
    broken: BrokenLink | None
    last: AuditEntry | None = None  # the last intact entry: the chain's head when nothing is broken


def verify_chain(recorded_head: str = "") -> ChainReport:
    """Walk the chain from the first entry; the first broken link (changed content, wrong predecessor, a gap in
    the numbering, an entry outside the chain, or a head that does not match the last entry), if any. With
    ``recorded_head`` (a head's hash written down elsewhere, ``psyboost audit-head``), the chain must still lead
    through it: a chain cut back to an earlier entry, its head row set to match, is broken too."""
    previous_hash, expected, count, last, passed_recorded = "", 1, 0, None, False
    outside = AuditEntry.objects.filter(sequence=None).order_by("pk").first()
    if outside is not None:
        return ChainReport(0, "", BrokenLink(None, outside.pk, "entry outside the chain (no sequence number)"))
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected:
            broken = BrokenLink(expected, None, f"missing (next is #{entry.sequence})")
            return ChainReport(count, previous_hash, broken, last)
        if entry.previous_hash != previous_hash:
            return ChainReport(
                count, previous_hash, BrokenLink(entry.sequence, entry.pk, "previous hash differs"), last
            )
        if not hmac.compare_digest(entry.compute_hash(), entry.entry_hash):
            return ChainReport(count, previous_hash, BrokenLink(entry.sequence, entry.pk, "content changed"), last)
        previous_hash, expected, count, last = entry.entry_hash, expected + 1, count + 1, entry
        passed_recorded = passed_recorded or entry.entry_hash == recorded_head
    head = AuditChainHead.objects.filter(pk=HEAD).first()
    if count and (head is None or head.sequence != count or head.entry_hash != previous_hash):
        return ChainReport(count, previous_hash, BrokenLink(None, None, "the last entries were removed"), last)
    if recorded_head and not passed_recorded:
        broken = BrokenLink(None, None, f"the recorded head {recorded_head} is not in the chain")
        return ChainReport(count, previous_hash, broken, last)
    return ChainReport(count, previous_hash, None, last)
