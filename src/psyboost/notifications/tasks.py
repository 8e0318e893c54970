"""Background work of the notifications: one task per notice e-mail, and the daily digest."""

from datetime import datetime

from django_tasks import task

from . import messaging
from .models import Notice


@task()
def send_notice_email(notice_id: int) -> bool:
    """Mail one notice to its recipient; does nothing if it went already or the notice is gone."""
    notice = Notice.objects.select_related("recipient").filter(pk=notice_id).first()
    return notice is not None and messaging.email_notice(notice)


@task()
def send_digest(now: str | None = None) -> int | None:
    """The staff digest (see ``messaging.send_digest``); returns how many items it listed, None if sent already."""
    digest = messaging.send_digest(datetime.fromisoformat(now) if now else None)
    return None if digest is None else digest.item_count
