"""The intake as the federation lives it, on top of the demo applications: a unit named in two years, a renamed unit
with its former name, a withdrawn and a given-up application in the open call, and a 2020 paper copy missing the
union's seal. The units without a submitted application are the reminder list's. Idempotent: done once."""

from psyboost.applications import withdrawal
from psyboost.applications.models import Application, PaperCopy
from psyboost.applications.workflow import State
from psyboost.calls import unit_history
from psyboost.calls.models import Unit

from .base import DemoContext, StepReport
from .calls import SEED_YEAR

FORMER_NAME = "北京市东城区某某服务中心（更名前）"
GIVE_UP_REASON = "单位场地改建，本年度无法实施项目。"


def load(context: DemoContext) -> StepReport:
    report = StepReport()
    staff = context.users["staff"]
    twice = context.units[1]
    if len(twice.named_years) < 2:
        unit_history.set_named_years(twice, [twice.named_year - 3, twice.named_year], staff)
        report.updated += 1
    renamed = Unit.objects.get(pk=context.units[2].pk)
    if not renamed.former_names:
        renamed.former_names = FORMER_NAME
        renamed.save(update_fields=["former_names", "updated_at"])
        report.updated += 1
    current = [call for year, call in context.calls.items() if year != SEED_YEAR]
    if current and not Application.objects.filter(call=current[0], state__in=[State.WITHDRAWN, State.GIVEN_UP]):
        submitted = list(
            Application.objects.filter(call=current[0], state=State.SUBMITTED)
            .exclude(unit=context.units[0])  # unit001's stays submitted
            .select_related("unit")
            .order_by("number")[:2]
        )
        for application, change in zip(submitted, ("withdraw", "give_up"), strict=False):
            user = application.unit.users.filter(is_active=True).first()
            if change == "withdraw":
                withdrawal.withdraw(application, user)
            else:
                withdrawal.give_up(application, user, GIVE_UP_REASON)
            report.updated += 1
    seed = context.calls.get(SEED_YEAR)
    if seed and not PaperCopy.objects.filter(application__call=seed, has_union_seal=False).exists():
        paper = (
            PaperCopy.objects.filter(application__call=seed, application__state=State.SUBMITTED)
            .order_by("application__number")
            .first()
        )
        if paper is not None:
            paper.has_union_seal = False
            paper.save(update_fields=["has_union_seal"])
            report.updated += 1
    if not report.updated:
        report.unchanged = 1
    return report
