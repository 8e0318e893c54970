"""The one way the platform tells people what happened: ``notify(event, application=..., actor=..., **context)``.

The domain calls ``notify`` after a change is committed; this module decides who hears of it (every user of the
application's unit), writes their in-app notices and queues one e-mail per recipient who has an address
(``tasks.send_notice_email``; mail goes through Django's mail backend). Staff are not told of each submission: they
get one digest a day (``send_digest``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.accounts.models import FEDERATION_ROLES, Role, User
from psyboost.applications.models import Application, Transition
from psyboost.audit.services import record

from .models import Digest, Notice

BEIJING = ZoneInfo("Asia/Shanghai")
SUBJECT_PREFIX = gettext_lazy("【职工心理服务助推项目】")


@dataclass(frozen=True)
class Event:
    title: str  # with %(number)s: the 编号 is in every title, hence in every e-mail subject
    body: str  # %(unit)s, %(call)s, %(number)s, %(when)s, %(reason)s


EVENTS = {
    "submitted": Event(
        gettext_lazy("申报已提交，编号 %(number)s"),
        gettext_lazy(
            "%(unit)s的《%(call)s》申报已于%(when)s提交，编号 %(number)s。请打印申报表，由工会负责人签字并加盖"
            "单位公章和本级工会公章后报送纸质版。"
        ),
    ),
    "resubmitted": Event(
        gettext_lazy("申报已重新提交，编号 %(number)s"),
        gettext_lazy("%(unit)s的《%(call)s》申报已于%(when)s重新提交，编号 %(number)s 不变，等待形式审查。"),
    ),
    "returned": Event(
        gettext_lazy("申报被退回修改，编号 %(number)s"),
        gettext_lazy(
            "%(unit)s的《%(call)s》申报（编号 %(number)s）已于%(when)s被退回修改。理由：%(reason)s"
            "请按要求修改后重新提交，编号不变。"
        ),
    ),
    "rejected": Event(
        gettext_lazy("申报不予受理，编号 %(number)s"),
        gettext_lazy("%(unit)s的《%(call)s》申报（编号 %(number)s）经形式审查，不予受理。理由：%(reason)s"),
    ),
    "accepted": Event(
        gettext_lazy("申报已受理，编号 %(number)s"),
        gettext_lazy("%(unit)s的《%(call)s》申报（编号 %(number)s）已于%(when)s通过形式审查，进入专家评审。"),
    ),
}


def beijing(moment: datetime) -> str:
    local = timezone.localtime(moment, BEIJING)
    return _("%(year)d年%(month)d月%(day)d日 %(time)s") % {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "time": f"{local:%H:%M}",
    }


def first_url(*candidates: tuple[str, tuple]) -> str:
    """The first of (url name, args) that exists: pages of other apps may not be there yet."""
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def application_link(application: Application) -> str:
    return first_url(("applications:detail", (application.pk,)), ("applications:mine", ()), ("notifications:list", ()))


def unit_recipients(application: Application) -> list[User]:
    """Every active user of the application's unit."""
    return list(User.objects.filter(role=Role.UNIT, unit_id=application.unit_id, is_active=True).order_by("pk"))


def staff_recipients() -> list[User]:
    return list(User.objects.filter(role__in=FEDERATION_ROLES, is_active=True).order_by("pk"))


def _moment(context: dict) -> tuple[datetime, str]:
    """When the event happened and why: read back from its transition (the stored time may have been set since)."""
    step = context.get("transition")
    if step is not None:
        at, reason = Transition.objects.filter(pk=step.pk).values_list("at", "reason").first() or (None, "")
        return at or timezone.now(), reason or context.get("reason", "")
    return context.get("at") or timezone.now(), context.get("reason", "")


def notify(event: str, *, application: Application | None = None, actor=None, **context) -> list[Notice]:
    """Tell the users of ``application``'s unit that ``event`` happened (one of ``EVENTS``), in the app and by mail.

    ``context`` may hold ``transition`` (the workflow step: its time and reason are used), or ``at`` and ``reason``.
    Called by the domain after its transaction commits; returns the notices written."""
    spec = EVENTS.get(event)
    if spec is None:
        raise ValueError(f"unknown event {event!r}; events are {sorted(EVENTS)}")
    if application is None:
        raise ValueError("notify() needs the application for a workflow event")
    at, reason = _moment(context)
    if event in ("submitted", "resubmitted") and application.submitted_at is not None:
        at = application.submitted_at  # the service's clock: what the unit was told on screen
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "unit": application.unit.name,
            "call": application.call.name,
            "number": application.display_number or _("（未编号）"),
            "when": beijing(at),
            "reason": reason.strip() or _("（未填写）"),
        }
        title, body = str(spec.title) % values, str(spec.body) % values
    link = application_link(application)
    notices = Notice.objects.bulk_create(
        [
            Notice(
                recipient=user,
                event=event,
                title=title,
                body=body,
                link=link,
                target_type=application._meta.label_lower,
                target_id=str(application.pk),
                created_at=at,
            )
            for user in unit_recipients(application)
        ]
    )
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
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            f"notifications/email/{notice.event}.txt",
            {"notice": notice, "recipient": notice.recipient, "url": absolute(notice.link)},
        )
        EmailMessage(f"{SUBJECT_PREFIX}{notice.title}", text, to=[address]).send()
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return True


def absolute(link: str) -> str:
    """The link as an address a mail reader can open, when ``PSYBOOST_SITE_URL`` is set (else as it is)."""
    base = getattr(settings, "PSYBOOST_SITE_URL", "").rstrip("/")
    return f"{base}{link}" if link and base else link


# --- the daily digest for staff --------------------------------------------------------------------------------------


def submitted_between(since: datetime, until: datetime) -> list[Application]:
    """Applications whose latest submission (first time or again) falls in (since, until], in 编号 order."""
    found = Application.objects.filter(submitted_at__gt=since, submitted_at__lte=until).select_related("call", "unit")
    return list(found.order_by("call__year", "number"))


@transaction.atomic
def send_digest(now: datetime | None = None) -> Digest | None:
    """Send staff the applications submitted since the last digest (the last 24 h the first time): one e-mail per
    staff member with an address and an in-app notice each; nothing when there are none. At most once per Beijing
    day: returns None when today's digest was sent already."""
    now = now or timezone.now()
    day = timezone.localtime(now, BEIJING).date()
    if Digest.objects.filter(day=day).exists():
        return None
    previous = Digest.objects.order_by("-until").first()
    since = previous.until if previous is not None else now - timedelta(hours=24)
    applications = submitted_between(since, now)
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                day=day, since=since, until=now, application_ids=[application.pk for application in applications]
            )
    except IntegrityError:  # another run got there first
        return None
    if applications:
        digest.emails_sent = _send_digest_messages(digest, applications)
        digest.save(update_fields=["emails_sent"])
    record(None, "notifications.digest_sent", digest, applications=len(applications), emails=digest.emails_sent)
    return digest


def _send_digest_messages(digest: Digest, applications: list[Application]) -> int:
    link = first_url(("applications:staff_list", ()), ("core:workbench", ()))
    with translation.override(settings.LANGUAGE_CODE):
        title = _("每日新提交申报汇总：%(day)s，共%(count)d份") % {
            "day": digest.day.isoformat(),
            "count": len(applications),
        }
        lines = [
            f"{application.display_number}  {application.unit.name}  {beijing(application.submitted_at)}"
            for application in applications
        ]
        recipients = staff_recipients()
        Notice.objects.bulk_create(
            [
                Notice(
                    recipient=user,
                    event="digest",
                    title=title,
                    body="\n".join(lines),
                    link=link,
                    created_at=digest.until,
                )
                for user in recipients
            ]
        )
        text = render_to_string(
            "notifications/email/digest.txt",
            {"digest": digest, "applications": applications, "lines": lines, "url": absolute(link)},
        )
        messages = [
            EmailMessage(f"{SUBJECT_PREFIX}{title}", text, to=[user.email]) for user in recipients if user.email
        ]
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
