"""What every demo step shares: the clock, the one password hash, and what earlier steps made."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from psyboost.core.refusals import Refused

BEIJING = timezone.get_default_timezone()  # the site's zone (TIME_ZONE): the demo's dates are Beijing dates
DEMO_PASSWORD = "psyboost-demo"  # every demo account's password, listed in the README


class DemoRefused(Refused):
    """Demo data may not be loaded here (``PSYBOOST_ALLOW_DEMO`` is off, as in production)."""


@dataclass
class StepReport:
    """What one step did: how many of its objects it created, changed, and found already as they should be."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class DemoContext:
    """Handed from step to step: later steps (applications, reviews) find here what earlier ones made."""

    now: datetime
    calls: dict = field(default_factory=dict)  # year → Call
    units: list = field(default_factory=list)  # the demo units in their stable order (unit001 is the first)
    users: dict = field(default_factory=dict)  # username → User
    _password_hash: str = ""

    @property
    def password_hash(self) -> str:
        """``DEMO_PASSWORD`` hashed once and shared: hashing it per user would take minutes at Django's cost."""
        if not self._password_hash:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash
