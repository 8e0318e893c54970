"""Confirming a call's results once every period has ended and every objection is closed: each application moves
to 已入选 or 未入选 through the application state machine, the call to 立项实施, ``results_confirmed`` is sent
inside the transaction, and every applicant unit hears its result once it is committed."""

import secrets

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.applications import workflow
from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.audit.services import record
from psyboost.calls.models import Call
from psyboost.calls.services import move_call
from psyboost.core.clock import moment_text

from ..middleware import clear_public_cache
from ..models import Amendment, Announcement, Confirmation, Objection
from ..signals import results_confirmed
from .publishing import Refused, current_selection, initial_of


def obstacles(call, now) -> list[str]:
    """Why the results cannot be confirmed now (empty: they can)."""
    reasons = []
    if hasattr(call, "results_confirmation"):
        return [_("结果已于%(when)s确认。") % {"when": moment_text(call.results_confirmation.confirmed_at)}]
    initial = initial_of(call)
    if initial is None or initial.published_at is None:
        return [_("公示尚未发布。")]
    for announcement in Announcement.objects.filter(call=call).order_by("starts_at"):
        if announcement.published_at is None:
            reasons.append(_("《%(title)s》尚未发布。") % {"title": announcement.title})
        elif announcement.ends_at > now:
            reasons.append(
                _("《%(title)s》的公示期至%(end)s结束，尚未期满。")
                % {"title": announcement.title, "end": moment_text(announcement.ends_at)}
            )
    unannounced = Amendment.objects.filter(call=call, announcement__isnull=True).count()
    if unannounced:
        reasons.append(_("有%(count)d项名单调整尚未补充公示。") % {"count": unannounced})
    open_count = Objection.objects.filter(announcement__call=call).exclude(status=Objection.Status.CLOSED).count()
    if open_count:
        reasons.append(_("还有%(count)d件异议未办结。") % {"count": open_count})
    return reasons


def confirm(call, *, actor, now=None) -> Confirmation:
    try:
        return _confirm(call, actor=actor, now=now)
    except OperationalError:  # SQLite: the other confirmation holds the write lock; it wins
        raise Refused(_("其他工作人员正在确认结果，请稍后刷新页面查看。")) from None


def _confirm(call, *, actor, now=None) -> Confirmation:
    """Confirm the results; refused (saying why) while a period runs or an objection is open. Two staff at once:
    the call's row lock and the unique confirmation let one win; the other is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        reasons = obstacles(locked, now)
        if reasons:
            raise Refused(_("暂不能确认结果：") + "".join(reasons))
        selected = current_selection(locked)
        try:
            with transaction.atomic():
                confirmation = Confirmation.objects.create(
                    call=locked,
                    confirmed_at=now,
                    confirmed_by=actor if getattr(actor, "pk", None) else None,
                    selected_count=len(selected),
                    verification=secrets.token_hex(8),
                )
        except IntegrityError:
            raise Refused(_("结果已由其他工作人员确认。")) from None
        chosen = {application.pk for application in selected}
        for application in Application.objects.filter(call=locked, state=State.ACCEPTED).select_related("unit", "call"):
            target = State.SELECTED if application.pk in chosen else State.NOT_SELECTED
            workflow.transition(application, target, actor)
        move_call(locked, Call.Status.IMPLEMENTATION, actor=actor, at=now, note=_("确认评选结果"))
        transaction.on_commit(clear_public_cache)
        record(actor, "announcement.results_confirmed", locked, selected=[a.pk for a in selected])
        fresh = Application.objects.select_related("unit", "call").in_bulk(chosen)
        selected = [fresh[application.pk] for application in selected]
        results_confirmed.send(sender=Confirmation, call=locked, selected=selected, actor=actor)
        from ..notices import tell_results

        transaction.on_commit(lambda: tell_results(locked.pk), robust=True)
    call.status = locked.status
    return confirmation
