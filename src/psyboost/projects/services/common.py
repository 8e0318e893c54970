"""What every project service shares: the refusal carrying messages per field, the call's settings, today."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.core.refusals import Refused

from ..models import ProjectSettings


class ProjectRefused(Refused):
    """Nothing was stored. ``errors`` maps a field name (or ``"__all__"``) to its Chinese message."""

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.errors = errors or {"__all__": message}


def refuse(field: str, message: str):
    raise ProjectRefused(message, {field: message})


def project_settings_of(call) -> ProjectSettings:
    found, _created = ProjectSettings.objects.get_or_create(call=call)
    return found


def today(now: datetime | None = None) -> date:
    return timezone.localdate(now or timezone.now())


def parse_money(raw, field: str, *, positive: bool = True) -> Decimal:
    """Yuan as Decimal with two places, or ``ProjectRefused`` naming the field: empty, not a number, negative,
    zero when ``positive``, more than two decimals."""
    text = str(raw if raw is not None else "").strip().replace(",", "").replace("，", "")
    if not text:
        refuse(field, _("请填写金额。"))
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        refuse(field, _("金额必须是数字（元），例如 1200.50。"))
    if not value.is_finite():
        refuse(field, _("金额必须是数字（元），例如 1200.50。"))
    if value < 0:
        refuse(field, _("金额不能为负数。"))
    if positive and value == 0:
        refuse(field, _("金额应大于 0。"))
    if value != value.quantize(Decimal("0.01")):
        refuse(field, _("金额最多保留两位小数（分）。"))
    if value >= Decimal("10000000000"):
        refuse(field, _("金额过大，请核对。"))
    return value.quantize(Decimal("0.01"))


def parse_date(raw, field: str) -> date:
    if isinstance(raw, date):
        return raw
    text = str(raw or "").strip()
    if not text:
        refuse(field, _("请填写日期。"))
    try:
        return date.fromisoformat(text)
    except ValueError:
        refuse(field, _("日期格式应为 年-月-日，例如 2025-07-01。"))


def required_text(raw, field: str, max_length: int, message: str) -> str:
    text = str(raw or "").strip()
    if not text:
        refuse(field, message)
    if len(text) > max_length:
        refuse(field, _("不能超过 %(count)d 个字。") % {"count": max_length})
    return text


def optional_text(raw, field: str, max_length: int) -> str:
    text = str(raw or "").strip()
    if len(text) > max_length:
        refuse(field, _("不能超过 %(count)d 个字。") % {"count": max_length})
    return text


def move(project, to_stage: str, actor, reason: str = "", **kwargs):
    """``workflow.transition``, its refusal as a ``ProjectRefused`` by the reason field."""
    from .. import workflow

    try:
        return workflow.transition(project, to_stage, actor, reason, **kwargs)
    except workflow.TransitionNotAllowed as refusal:
        raise ProjectRefused(str(refusal), {"reason": str(refusal)}) from refusal
