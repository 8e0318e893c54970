"""The one way the platform tells people what happened: ``notify(kind, recipients, values=...)``.

The shell knows no stage. Each stage declares the kinds of notice it sends (``register(Kind(...))``, at import of its
``notices`` module) and decides who hears of what, usually in a receiver of a transition signal; this module writes
the in-app notices and queues one e-mail per recipient with an address (``tasks.send_notice_email``, through
Django's mail backend). Staff are not told of each event: they get one digest a day, whose sections the stages add
with ``add_digest_section``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.accounts.models import FEDERATION_ROLES, Role, User
from psyboost.audit.services import record

from .models import Digest, Notice

SUBJECT_PREFIX = gettext_lazy("【职工心理服务助推项目】")


@dataclass(frozen=True)
class Kind:
    """A kind of notice: its title and body with ``%(name)s`` placeholders, and the e-mail's closing paragraph."""

    key: str
    title: str | Promise
    body: str | Promise
    closing: str | Promise = ""


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.key in KINDS and KINDS[kind.key] != kind:
        raise ValueError(f"notice kind {kind.key!r} is registered twice")
    KINDS[kind.key] = kind
    return kind


def unit_recipients(unit_id: int) -> list[User]:
    """Every active user of a unit."""
    return list(User.objects.filter(role=Role.UNIT, unit_id=unit_id, is_active=True).order_by("pk"))


def staff_recipients() -> list[User]:
    return list(User.objects.filter(role__in=FEDERATION_ROLES, is_active=True).order_by("pk"))


def notify(
    kind: str, recipients: Iterable[User], *, values: dict, link: str = "", target=None, at=None, email: bool = True
) -> list[Notice]:
    """Tell ``recipients`` what happened: a notice of ``kind`` (its texts filled with ``values``, in the site's
    language) in the app for each, and an e-mail for each with an address (unless ``email=False``: staff hear of
    routine arrivals in the app, and by e-mail only in the daily digest). Call it once the change is committed;
    returns the notices written."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown notice kind {kind!r}; kinds are {sorted(KINDS)}")
    with translation.override(settings.LANGUAGE_CODE):
        title, body = str(spec.title) % values, str(spec.body) % values
    notices = Notice.objects.bulk_create(
        [
            Notice(
                recipient=user,
                event=kind,
                title=title,
                body=body,
                link=link,
                target_type=target._meta.label_lower if target is not None else "",
                target_id=str(target.pk) if target is not None else "",
                created_at=at or timezone.now(),
            )
            for user in recipients
        ]
    )
    if email:
        _queue_emails([notice for notice in notices if notice.recipient.email])
    return notices


def _queue_emails(notices: list[Notice]) -> None:
    from .tasks import send_notice_email

    for notice in notices:
        send_notice_email.enqueue(notice.pk)


def email_notice(notice: Notice) -> bool:
    """Send ``notice`` to its recipient's address, once. False when there is no address or it went already."""
    address = notice.recipient.email
    if not address or notice.emailed_at is not None:
        return False
    spec = KINDS.get(notice.event)
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            "notifications/email/notice.txt",
            {
                "notice": notice,
                "recipient": notice.recipient,
                "closing": spec.closing if spec is not None else "",
                "url": absolute(notice.link),
            },
        )
        EmailMessage(f"{SUBJECT_PREFIX}{notice.title}", text, to=[address]).send()
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return True


def absolute(link: str) -> str:
    """The link as an address a mail reader can open: ``PSYBOOST_SITE_URL`` (a setting from the environment) in
    front of it."""
    base = settings.PSYBOOST_SITE_URL.rstrip("/")
    return f"{base}{link}" if link and base else link


# --- the daily digest for staff --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestSection:
    """One part of the staff digest: a heading, a line per item, the items' ids (kept in the digest's record)."""

    key: str
    heading: str
    lines: list[str] = field(default_factory=list)
    ids: list = field(default_factory=list)
    link: str = ""


DIGEST_SECTIONS: list[Callable[[datetime, datetime], DigestSection | None]] = []


def add_digest_section(section: Callable[[datetime, datetime], DigestSection | None]):
    """A stage's part of the digest: ``section(since, until)`` returns what is new or due in that window (None or no
    lines: nothing to say)."""
    if section not in DIGEST_SECTIONS:
        DIGEST_SECTIONS.append(section)
    return section


@transaction.atomic
def send_digest(now: datetime | None = None) -> Digest | None:
    """Send staff what the stages report since the last digest (the last 24 h the first time): one e-mail per staff
    member with an address and an in-app notice each; nothing when no section has anything. At most once per Beijing
    day: returns None when today's digest was sent already."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if Digest.objects.filter(day=day).exists():
        return None
    previous = Digest.objects.order_by("-until").first()
    since = previous.until if previous is not None else now - timedelta(hours=24)
    with translation.override(settings.LANGUAGE_CODE):
        sections = [section for make in DIGEST_SECTIONS if (section := make(since, now)) is not None and section.lines]
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                day=day, since=since, until=now, items={section.key: section.ids for section in sections}
            )
    except IntegrityError:  # another run got there first
        return None
    if sections:
        digest.emails_sent = _send_digest_messages(digest, sections)
        digest.save(update_fields=["emails_sent"])
    record(None, "notifications.digest_sent", digest, items=digest.item_count, emails=digest.emails_sent)
    return digest


def _send_digest_messages(digest: Digest, sections: list[DigestSection]) -> int:
    link = sections[0].link if len(sections) == 1 and sections[0].link else reverse("workbench:index")
    with translation.override(settings.LANGUAGE_CODE):
        title = _("每日工作汇总：%(day)s，共%(count)d项") % {"day": digest.day.isoformat(), "count": digest.item_count}
        body = "\n\n".join("\n".join([section.heading, *section.lines]) for section in sections)
        recipients = staff_recipients()
        Notice.objects.bulk_create(
            [
                Notice(recipient=user, event="digest", title=title, body=body, link=link, created_at=digest.until)
                for user in recipients
            ]
        )
        text = render_to_string(
            "notifications/email/digest.txt", {"digest": digest, "sections": sections, "url": absolute(link)}
        )
        messages = [
            EmailMessage(f"{SUBJECT_PREFIX}{title}", text, to=[user.email]) for user in recipients if user.email
        ]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
