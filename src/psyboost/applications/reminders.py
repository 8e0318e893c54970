"""Chasing the units that have not applied: the list staff see (draft progress, last login, last reminder) and the
bulk reminder — an in-app notice and an e-mail to each active user of the unit, logged, never twice a day."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.audit.services import record
from psyboost.core.clock import beijing_text
from psyboost.notifications.messaging import Kind, notify, register, unit_recipients

from .models import Application, Reminder
from .services import effective_deadline
from .todos import not_applied

REMINDER = register(
    Kind(
        "reminder",
        gettext_lazy("请于截止前提交《%(call)s》申报"),
        gettext_lazy("%(unit)s尚未提交《%(call)s》申报。申报截止时间为%(deadline)s，请登录平台填写并提交申报表。"),
        gettext_lazy("如已决定不申报，可忽略本提醒；如有困难，请联系市总工会工作人员。"),
    )
)


def reminder_rows(call) -> list[dict]:
    """One row per eligible unit without a submitted application: its draft (if any), when its users last signed
    in, and the last reminder."""
    units = list(not_applied(call).annotate(last_login=Max("users__last_login")).order_by("district_union", "name"))
    drafts = {a.unit_id: a for a in Application.objects.filter(call=call, unit__in=units)}
    last = dict(
        Reminder.objects.filter(call=call, unit__in=units)
        .values("unit_id")
        .annotate(at=Max("sent_at"))
        .values_list("unit_id", "at")
    )
    return [
        {"unit": unit, "draft": drafts.get(unit.pk), "last_login": unit.last_login, "last_reminder": last.get(unit.pk)}
        for unit in units
    ]


def remind(call, unit_ids, actor, now: datetime | None = None) -> tuple[list, list]:
    """Remind the units ``unit_ids`` (only those still without a submitted application). Answers (reminded,
    skipped): a unit already reminded today (Beijing) is skipped."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    reminded, skipped = [], []
    for unit in not_applied(call).filter(pk__in=list(unit_ids)).order_by("name"):
        try:
            with transaction.atomic():
                recipients = unit_recipients(unit.pk)
                Reminder.objects.create(
                    call=call, unit=unit, sent_on=today, sent_at=now, sent_by=actor, recipients=len(recipients)
                )
                values = {
                    "unit": unit.name,
                    "call": call.name,
                    "deadline": beijing_text(effective_deadline(call, unit)),
                }
                notify(REMINDER.key, recipients, values=values, link=reverse("applications:mine"), target=unit, at=now)
                record(actor, "applications.reminded", unit, call=call.year, recipients=len(recipients))
        except IntegrityError:
            skipped.append(unit)
        else:
            reminded.append(unit)
    return reminded, skipped


def summary(reminded, skipped) -> str:
    text = _("已提醒 %(count)d 个单位。") % {"count": len(reminded)}
    if skipped:
        text += _("%(count)d 个单位今天已提醒过，未重复发送。") % {"count": len(skipped)}
    return text
