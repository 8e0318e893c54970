"""The one way to write the audit trail."""

from typing import Any

from django.db import models

from psyboost.core.actors import acting_user

from .models import AuditEntry


def record(actor, action: str, target: models.Model | None = None, *, reason: str = "", **data: Any) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``target``; ``data`` holds what is needed to explain it later."""
    return AuditEntry.objects.create(
        actor=acting_user(actor),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        reason=reason,
        data=data,
    )


def entries_for(target: models.Model):
    return AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "actor"
    )
