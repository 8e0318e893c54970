"""The demo loads only into a database that holds nothing but demo data: never next to real users and units.

What the demo creates is known by its natural keys (usernames, unit names, call years); anything else means the
database is in real use, and ``load_demo`` refuses before writing anything.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.accounts.models import User
from psyboost.calls.models import Call, Unit

from .accounts import EXPERT_NAMES, unit_username
from .announcement import DECIDED_YEAR
from .base import BEIJING
from .calls import SEED_YEAR
from .projects import YEAR_2025
from .units import UNIT_COUNT, demo_unit_rows


def demo_usernames() -> set[str]:
    experts = {f"expert{number}" for number in range(1, len(EXPERT_NAMES) + 1)}
    return {"staff", "admin", *experts, *(unit_username(number) for number in range(1, UNIT_COUNT + 1))}


def foreign_data(now) -> list[str]:
    """What the database holds that the demo did not create, described in Chinese (empty: the demo may load)."""
    found = []
    users = User.objects.exclude(username__in=demo_usernames()).order_by("username")
    if users.exists():
        found.append(_("%(count)d 个非演示账号（如 %(name)s）") % {"count": users.count(), "name": users[0].username})
    units = Unit.objects.exclude(name__in=[row["name"] for row in demo_unit_rows()]).order_by("name")
    if units.exists():
        found.append(_("%(count)d 家非演示单位（如 %(name)s）") % {"count": units.count(), "name": units[0].name})
    years = {SEED_YEAR, DECIDED_YEAR, YEAR_2025, timezone.localtime(now, BEIJING).year}
    calls = Call.objects.exclude(year__in=years).order_by("year")
    if calls.exists():
        found.append(
            _("%(count)d 个非演示年度评选（如 %(year)d 年）") % {"count": calls.count(), "year": calls[0].year}
        )
    return found
