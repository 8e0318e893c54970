"""A call's current phase, as the public sees it: one pure function of the call and the clock."""

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    OPEN = "open", _("申报中")
    CLOSED = "closed", _("已截止")
    REVIEW = "review", _("评审中")
    ANNOUNCEMENT = "announcement", _("公示中")
    IMPLEMENTATION = "implementation", _("实施中")
    FINISHED = "finished", _("已结项")


_STAGE_PHASES = {
    "review": Phase.REVIEW,
    "announcement": Phase.ANNOUNCEMENT,
    "implementation": Phase.IMPLEMENTATION,
    "closed": Phase.FINISHED,
}


def phase_of(call, now: datetime | None = None) -> Phase:
    """Before review starts the dates decide; after that, the stage staff have moved the call to."""
    if call.stage in _STAGE_PHASES:
        return _STAGE_PHASES[call.stage]
    now = now or timezone.now()
    if now < call.opens_at:
        return Phase.NOT_STARTED
    if now <= call.deadline:
        return Phase.OPEN
    return Phase.CLOSED


def is_accepting_submissions(call, now: datetime | None = None) -> bool:
    return phase_of(call, now) == Phase.OPEN
