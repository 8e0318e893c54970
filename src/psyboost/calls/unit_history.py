"""The registry with history, changed by staff one unit at a time: rename (the former name kept and searchable),
named years (a unit may be named in several), merge two records of one unit, deactivate with a reason. Accounts and
applications follow the unit; each change is in the audit trail.

This stage comes before applications: it reaches a unit's applications through the reverse relation only.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.core.refusals import Refused

from .models import Call, Unit, UnitNaming


class UnitChangeRefused(Refused):
    """The unit cannot be changed so; the message says why, in Chinese."""


def search(text: str):
    """Units whose name or a former name contains ``text``."""
    return Unit.objects.filter(Q(name__icontains=text) | Q(former_names__icontains=text))


@transaction.atomic
def rename(unit: Unit, new_name: str, actor) -> Unit:
    new_name = (new_name or "").strip()
    if not new_name:
        raise UnitChangeRefused(_("请填写新的单位名称。"))
    if new_name == unit.name:
        return unit
    if Unit.objects.filter(name=new_name).exclude(pk=unit.pk).exists():
        raise UnitChangeRefused(_("名录中已有名为“%(name)s”的单位；如是同一单位，请合并。") % {"name": new_name})
    old = unit.name
    unit.former_names = "\n".join([*unit.former_name_list, old])
    unit.name = new_name
    unit.save(update_fields=["name", "former_names", "updated_at"])
    record(actor, "calls.unit_renamed", unit, old=old, new=new_name)
    return unit


def _calls_lost(unit: Unit, years: list[int]) -> list[Call]:
    """The calls the unit has applied to that ``years`` would no longer admit it to."""
    calls = Call.objects.filter(pk__in=unit.applications.values("call_id"))
    return [call for call in calls if not any(call.named_year_from <= y <= call.named_year_to for y in years)]


@transaction.atomic
def set_named_years(unit: Unit, years, actor) -> Unit:
    years = sorted({int(year) for year in years})
    if not years:
        raise UnitChangeRefused(_("请至少填写一个命名年份。"))
    lost = _calls_lost(unit, years)
    if lost:
        raise UnitChangeRefused(
            _("改为此命名年份后，该单位将不再符合《%(call)s》的申报范围，而它已有申报。") % {"call": lost[0].name}
        )
    before = unit.named_years
    UnitNaming.objects.filter(unit=unit).exclude(year__in=years).delete()
    UnitNaming.objects.bulk_create([UnitNaming(unit=unit, year=year) for year in years], ignore_conflicts=True)
    unit.named_year = years[-1]
    unit.save(update_fields=["named_year", "updated_at"])
    record(actor, "calls.unit_named_years_changed", unit, before=before, after=years)
    return unit


@transaction.atomic
def deactivate(unit: Unit, reason: str, actor) -> Unit:
    reason = (reason or "").strip()
    if not reason:
        raise UnitChangeRefused(_("请填写停用理由。"))
    unit.is_active, unit.deactivation_reason = False, reason
    unit.save(update_fields=["is_active", "deactivation_reason", "updated_at"])
    record(actor, "calls.unit_deactivated", unit, reason=reason)
    return unit


def merge(keep: Unit, duplicate: Unit, actor) -> Unit:
    """``duplicate`` is another record of ``keep``: its accounts, applications, years and names move to ``keep``;
    it stays in the registry, inactive, pointing at ``keep``. Refused when both applied to one call."""
    if keep.pk == duplicate.pk:
        raise UnitChangeRefused(_("不能把单位与自身合并。"))
    try:
        with transaction.atomic():
            for relation in Unit._meta.related_objects:
                if relation.one_to_many and relation.related_model not in (UnitNaming, Unit):
                    relation.related_model._base_manager.filter(**{relation.field.name: duplicate}).update(
                        **{relation.field.name: keep}
                    )
            years = sorted(set(keep.named_years) | set(duplicate.named_years))
            UnitNaming.objects.bulk_create([UnitNaming(unit=keep, year=y) for y in years], ignore_conflicts=True)
            keep.former_names = "\n".join(
                dict.fromkeys([*keep.former_name_list, duplicate.name, *duplicate.former_name_list])
            )
            keep.credit_code = keep.credit_code or duplicate.credit_code
            keep.save(update_fields=["former_names", "credit_code", "updated_at"])
            duplicate.is_active, duplicate.merged_into = False, keep
            duplicate.deactivation_reason = _("已合并到“%(name)s”") % {"name": keep.name}
            duplicate.save(update_fields=["is_active", "merged_into", "deactivation_reason", "updated_at"])
            record(actor, "calls.units_merged", keep, merged=duplicate.pk, merged_name=duplicate.name)
    except IntegrityError as clash:
        raise UnitChangeRefused(_("两个单位在同一年度都有申报，不能合并；请先处理其中一份申报。")) from clash
    return keep
