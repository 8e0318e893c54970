"""延期申请: a unit asks for a later deadline with its reason; staff grant it (``services.grant_extension``, which
closes the pending request) or decline it with a reason. Staff hear of a request in the app and see it among the
workbench's to-dos; the unit hears the answer. Every step is audited."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.accounts.rules import is_federation_staff
from psyboost.audit.services import record
from psyboost.core.actors import acting_user
from psyboost.core.clock import beijing_text

from . import notices
from .errors import ApplicationError
from .models import Application, Extension, ExtensionRequest
from .workflow import EDITABLE_STATES

Pending = ExtensionRequest.State.PENDING


def pending(call):
    """The call's requests waiting for an answer, oldest first."""
    return ExtensionRequest.objects.filter(call=call, state=Pending).select_related("unit").order_by("asked_at", "id")


def ask(call, unit, until: datetime, reason: str, actor, *, now: datetime | None = None) -> ExtensionRequest:
    """The unit's request: refused for another unit's user, an ineligible unit, a handed-in application, a time not
    after the deadline or already past, or while an earlier request waits for its answer."""
    now = now or timezone.now()
    if getattr(actor, "unit_id", None) != unit.pk:
        raise ApplicationError(_("只能为本单位申请延期。"))
    if not call.admits(unit):
        raise ApplicationError(_("本单位不在本年度申报范围内，不能申请延期。"))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写申请理由。"), field="reason")
    application = Application.objects.filter(call=call, unit=unit).first()
    if application is not None and application.state not in EDITABLE_STATES:
        raise ApplicationError(_("本单位的申报已提交，无需申请延期。"))
    if until <= call.deadline:
        raise ApplicationError(
            _("申请延期至的时间须晚于申报截止时间（%(when)s）。") % {"when": beijing_text(call.deadline)}, field="until"
        )
    if until <= now:
        raise ApplicationError(_("申请延期至的时间已经过去，请重新选择。"), field="until")
    try:
        with transaction.atomic():
            request = ExtensionRequest.objects.create(
                call=call, unit=unit, asked_until=until, reason=reason, asked_by=acting_user(actor), asked_at=now
            )
            record(actor, "applications.extension_asked", request, reason=reason, until=until.isoformat())
    except IntegrityError:
        raise ApplicationError(_("本单位已有一份延期申请正在处理，请等待答复。")) from None
    transaction.on_commit(lambda: notices.tell_staff_of_extension_request(request), robust=True)
    return request


@transaction.atomic
def decline(request: ExtensionRequest, answer: str, actor, *, now: datetime | None = None) -> ExtensionRequest:
    """Staff decline a pending request with the reason the unit will read."""
    if not is_federation_staff(actor):
        raise ApplicationError(_("只有市总工会工作人员可以处理延期申请。"))
    answer = (answer or "").strip()
    if not answer:
        raise ApplicationError(_("请填写不予批准的理由。"), field="answer")
    locked = ExtensionRequest.objects.select_for_update().select_related("call", "unit").get(pk=request.pk)
    if locked.state != Pending:
        raise ApplicationError(_("该延期申请已处理。"))
    locked.state, locked.answer = ExtensionRequest.State.DECLINED, answer
    locked.answered_by, locked.answered_at = acting_user(actor), now or timezone.now()
    locked.save()
    record(actor, "applications.extension_declined", locked, reason=answer)
    transaction.on_commit(lambda: notices.tell_unit_of_extension_answer(locked), robust=True)
    return locked


def close_on_grant(extension: Extension, actor) -> ExtensionRequest | None:
    """The unit's pending request (if any) is granted by ``extension`` (inside ``grant_extension``'s transaction)."""
    locked = (
        ExtensionRequest.objects.select_for_update()
        .select_related("call", "unit")
        .filter(call=extension.call, unit=extension.unit, state=Pending)
        .first()
    )
    if locked is None:
        return None
    locked.state, locked.answer, locked.extension = ExtensionRequest.State.GRANTED, extension.reason, extension
    locked.answered_by, locked.answered_at = acting_user(actor), timezone.now()
    locked.save()
    transaction.on_commit(lambda: notices.tell_unit_of_extension_answer(locked), robust=True)
    return locked
