"""Demo data for trying the platform: ``psyboost load-demo`` runs ``load_demo``.

The data is built by a sequence of steps, each idempotent (matched by natural keys: a call's year, a unit's name, a
user's username), so running it again changes nothing. Each stage of the cycle has its step in ``STEPS``, in the
order of the cycle; a step receives the ``DemoContext`` with what the earlier ones made.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.demo import accounts, announcement, applications, calls, guard, intake, projects, review, units
from psyboost.demo.base import DEMO_PASSWORD, DemoContext, DemoRefused, StepReport

__all__ = ["DEMO_PASSWORD", "STEPS", "DemoContext", "DemoRefused", "Step", "StepReport", "load_demo"]


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    run: Callable[[DemoContext], StepReport]


STEPS: list[Step] = [
    Step("calls", gettext_lazy("年度评选"), calls.load),
    Step("units", gettext_lazy("单位名录"), units.load),
    Step("accounts", gettext_lazy("演示账号"), accounts.load),
    Step("applications", gettext_lazy("演示申报"), applications.load),
    Step("intake", gettext_lazy("撤回、放弃与名录历史"), intake.load),
    Step("review", gettext_lazy("演示评审"), review.load),
    Step("announcement", gettext_lazy("演示结果公示"), announcement.load),
    Step("projects", gettext_lazy("演示助推项目"), projects.load),
]


def load_demo(now=None) -> list[tuple[Step, StepReport]]:
    """Run every step in one transaction; refuses (``DemoRefused``) where settings forbid demo data."""
    if not settings.PSYBOOST_ALLOW_DEMO:
        raise DemoRefused(_("此环境禁止加载演示数据（PSYBOOST_ALLOW_DEMO 未开启，生产环境总是如此）。"))
    context = DemoContext(now=now or timezone.now())
    with transaction.atomic():
        foreign = guard.foreign_data(context.now)
        if foreign:
            raise DemoRefused(
                _("数据库中已有不是演示程序创建的数据（%(found)s），拒绝加载演示数据；请使用空数据库。")
                % {"found": "；".join(foreign)}
            )
        return [(step, step.run(context)) for step in STEPS]
