"""What the public notice shows beside the call's text: the planned timeline from the call's fields, the list of
eligible units (名单附后) by district with a search that works without JavaScript (GET), and the contact block's
telephone numbers and address as tel:/mailto: links."""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import districts
from .models import Call

PHONE_SEPARATORS = re.compile(r"[、，,;；/\s]+")


@dataclass(frozen=True)
class Milestone:
    label: str
    when: str  # as printed (a date, a period, or when it follows from the steps before)


def _day(moment) -> str:
    local = timezone.localtime(moment) if hasattr(moment, "tzinfo") else moment
    return _("%(year)d年%(month)d月%(day)d日") % {"year": local.year, "month": local.month, "day": local.day}


def planned_timeline(call: Call) -> list[Milestone]:
    """申报开始, 申报截止, 专家评审, 结果公示, 项目实施: from the call's fields (Beijing time)."""
    deadline = timezone.localtime(call.deadline)
    rows = [
        Milestone(_("开始申报"), _day(call.opens_at)),
        Milestone(
            _("申报截止"), _("%(day)s %(time)s（北京时间）") % {"day": _day(call.deadline), "time": f"{deadline:%H:%M}"}
        ),
        Milestone(_("专家评审"), _("申报截止后：材料审核、现场交流")),
        Milestone(_("结果公示"), _("评审结束后，公示期%(days)d天") % {"days": call.announcement_days}),
    ]
    if call.implementation_start and call.implementation_end:
        period = _("%(start)s至%(end)s") % {
            "start": _day(call.implementation_start),
            "end": _day(call.implementation_end),
        }
    else:
        period = _("结果确认后")
    rows.append(Milestone(_("项目实施"), period))
    return rows


def eligible_units(call: Call, text: str = "", district: str = ""):
    """The call's eligible units by district and name; ``text`` matches a name or a former name."""
    units = call.eligible_units
    text = (text or "").strip()
    if text:
        units = units.filter(Q(name__icontains=text) | Q(former_names__icontains=text))
    if district in districts.DISTRICT_UNIONS:
        units = units.filter(district_union=district)
    return units.order_by("district_union", "name").only("name", "district_union")


def phones(text: str) -> list[tuple[str, str]]:
    """(as written, the tel: number) for each number in the contact phones."""
    numbers = []
    for part in PHONE_SEPARATORS.split(text or ""):
        dial = re.sub(r"[^\d+]", "", part)
        if len(dial) >= 5:
            numbers.append((part, dial))
    return numbers
