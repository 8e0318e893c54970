"""A call's life cycle, and its public phase: one pure function of the call and the clock.

``Call.status`` is where the federation has taken the call (申报 → 评审 → 公示 → 立项实施 → 结项 → 归档); it is moved by
the services of each step, never typed in. While the status is 申报 the dates decide what the public sees (未开始,
申报中, 已截止); after that the status does.
"""

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMISSION = "submission", _("申报")
    REVIEW = "review", _("评审")
    ANNOUNCEMENT = "announcement", _("公示")
    IMPLEMENTATION = "implementation", _("立项实施")
    CLOSING = "closing", _("结项")
    ARCHIVED = "archived", _("归档")


class PublicPhase(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    OPEN = "open", _("申报中")
    CLOSED = "closed", _("已截止")
    REVIEW = "review", _("评审中")
    ANNOUNCEMENT = "announcement", _("公示中")
    IMPLEMENTATION = "implementation", _("实施中")
    CLOSING = "closing", _("结项中")
    FINISHED = "finished", _("已结项")


_STATUS_PHASES = {
    Status.REVIEW: PublicPhase.REVIEW,
    Status.ANNOUNCEMENT: PublicPhase.ANNOUNCEMENT,
    Status.IMPLEMENTATION: PublicPhase.IMPLEMENTATION,
    Status.CLOSING: PublicPhase.CLOSING,
    Status.ARCHIVED: PublicPhase.FINISHED,
}


def public_phase(call, now: datetime | None = None) -> PublicPhase:
    """While the call takes applications the dates decide; after that, the status its steps have moved it to."""
    now = now or timezone.now()
    if call.status == Status.ANNOUNCEMENT and _announcement_starts_later(call, now):
        return PublicPhase.REVIEW  # published ahead, public from its start: the schedule needs nobody awake
    if call.status in _STATUS_PHASES:
        return _STATUS_PHASES[call.status]
    if now < call.opens_at:
        return PublicPhase.NOT_STARTED
    if now <= call.deadline:
        return PublicPhase.OPEN
    return PublicPhase.CLOSED


def is_accepting_submissions(call, now: datetime | None = None) -> bool:
    return public_phase(call, now) == PublicPhase.OPEN


def _announcement_starts_later(call, now: datetime) -> bool:
    start = call.steps.filter(to_status=Status.ANNOUNCEMENT).values_list("at", flat=True).first()
    return start is not None and start > now
