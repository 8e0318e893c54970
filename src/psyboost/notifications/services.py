"""Marking notices read: the only changes a user makes to their notices (writing them is ``messaging.notify``)."""

from django.utils import timezone

from psyboost.audit.services import record

from .models import Notice


def mark_read(notice: Notice, actor) -> bool:
    """Mark one notice read; False (and nothing recorded) when it was read already."""
    if notice.read_at is not None:
        return False
    notice.read_at = timezone.now()
    notice.save(update_fields=["read_at"])
    record(actor, "notifications.read", notice)
    return True


def mark_all_read(user) -> int:
    """Mark every unread notice of ``user`` read; how many there were."""
    count = Notice.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        record(user, "notifications.all_read", user, count=count)
    return count


def unread_count(user) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
