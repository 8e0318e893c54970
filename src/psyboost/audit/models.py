import hashlib
import hmac
import json
from datetime import UTC

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryImmutable(Exception):
    """Audit entries are never deleted by the application (kept at least six months, 等保2.0 level 2)."""


class AuditQuerySet(models.QuerySet):
    def delete(self):
        raise AuditEntryImmutable("audit entries are never deleted")

    def update(self, **kwargs):
        raise AuditEntryImmutable("audit entries are never changed")


class AuditEntry(models.Model):
    """One thing somebody did that changed state. Written by services only, never edited.

    Every entry is chained to the one before it: ``entry_hash`` is the HMAC-SHA256, under ``PSYBOOST_AUDIT_KEY``,
    of its own content and the previous entry's hash (``previous_hash``), ``sequence`` numbers them without gaps.
    Changing, removing or inserting an entry breaks the chain at that point, and ``psyboost audit-verify`` names the
    first broken link; without the key nobody can compute the chain anew over changed entries. Cutting the newest
    entries off shows against a head recorded elsewhere (``psyboost audit-head``, ``audit-verify --head``)."""

    # Set before the hash is computed (auto_now_add would set it after): the hash covers it.
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_label = models.CharField(_("对象"), max_length=255, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    sequence = models.PositiveBigIntegerField(_("序号"), null=True, unique=True, editable=False)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def delete(self, *args, **kwargs):
        raise AuditEntryImmutable("audit entries are never deleted")

    def compute_hash(self, key: str | None = None) -> str:
        """HMAC-SHA256 under ``key`` (the setting ``PSYBOOST_AUDIT_KEY``) over the previous entry's hash and every
        field of this one, in a fixed form."""
        content = {
            "sequence": self.sequence,
            "previous": self.previous_hash,
            "created_at": self.created_at.astimezone(UTC).isoformat(),
            "actor": self.actor_id,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "reason": self.reason,
            "data": self.data,
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        key = settings.PSYBOOST_AUDIT_KEY if key is None else key
        return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


class AuditChainHead(models.Model):
    """The last link of the chain (one row): taken with a write lock by every new entry, so that two entries
    written at once never share a predecessor, and compared by ``audit-verify`` so that a cut tail shows too."""

    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.sequence} {self.entry_hash[:12]}"
