"""Time as the federation reads it: the site's zone (``TIME_ZONE``, Beijing) through Django's own utilities, so that
no module names a zone of its own."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def moment_text(moment: datetime) -> str:
    """2020年7月1日 10:30, in the site's zone."""
    local = timezone.localtime(moment, timezone.get_default_timezone())
    return _("%(year)d年%(month)d月%(day)d日 %(time)s") % {
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "time": f"{local:%H:%M}",
    }


def beijing_text(moment: datetime) -> str:
    """北京时间2020年7月1日 10:30: the form refusals use, where the zone must be said."""
    return _("北京时间%(moment)s") % {"moment": moment_text(moment)}
