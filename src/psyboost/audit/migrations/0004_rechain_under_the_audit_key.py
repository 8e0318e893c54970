"""The audit chain, until now plain SHA-256 (0002), re-chained under the key PSYBOOST_AUDIT_KEY (HMAC-SHA256), as
AuditEntry.compute_hash does from now on.

The old chain is checked first, link by link: a broken one stops the migration with the first broken link named
(re-chaining it would hide the break under the key). After migrating, record the new head away from the database
(``psyboost audit-head``): heads recorded before this migration no longer match. Backwards: the plain chain again.
"""

import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import migrations


def _text(entry, previous: str) -> bytes:
    content = {
        "sequence": entry.sequence,
        "previous": previous,
        "created_at": entry.created_at.astimezone(UTC).isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "reason": entry.reason,
        "data": entry.data,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _plain(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def _keyed(text: bytes) -> str:
    return hmac.new(settings.PSYBOOST_AUDIT_KEY.encode(), text, hashlib.sha256).hexdigest()


def _rechain(apps, old, new) -> None:
    """Check every link under ``old`` (nothing is written when one is broken), then write the chain anew under
    ``new``, the head row with it."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    entries = AuditEntry.objects.order_by("sequence")
    previous, expected = "", 1
    for entry in entries.iterator(chunk_size=2000):
        if entry.sequence != expected or entry.previous_hash != previous or entry.entry_hash != old(_text(entry, previous)):
            raise RuntimeError(
                f"audit chain broken at #{expected} (id {entry.pk}): not re-chained under PSYBOOST_AUDIT_KEY; "
                "run psyboost audit-verify on the previous release to see the break"
            )
        previous, expected = entry.entry_hash, expected + 1
    previous = ""
    for entry in entries.iterator(chunk_size=2000):
        entry_hash = new(_text(entry, previous))
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=previous, entry_hash=entry_hash)
        previous = entry_hash
    AuditChainHead.objects.update_or_create(pk=1, defaults={"sequence": expected - 1, "entry_hash": previous})


def rechain_under_the_key(apps, schema_editor):
    _rechain(apps, old=_plain, new=_keyed)


def rechain_without_the_key(apps, schema_editor):
    _rechain(apps, old=_keyed, new=_plain)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_created_at_default"),
    ]

    operations = [
        migrations.RunPython(rechain_under_the_key, rechain_without_the_key),
    ]
