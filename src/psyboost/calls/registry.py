"""The eligible-unit registry's services: the only places that create or change units from an imported list."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.core.refusals import Refused

from .import_plan import QUERY_CHUNK, UNIT_FIELDS, IneligibleWarning, Plan, Status, plan_unit_rows
from .importing import ImportProblem, parse_unit_file
from .models import Unit, UnitImport, UnitNaming

__all__ = ["Plan", "Status", "plan_unit_rows"]

AUDIT_NAMES = 100  # how many created and updated names an audit entry lists


class ImportRefused(Refused):
    """The file has problems; nothing was imported."""

    def __init__(self, errors: list[ImportProblem]):
        super().__init__(_("导入被拒绝：共 %(n)d 处问题。") % {"n": len(errors)})
        self.errors = errors


class ImportNotPending(Refused):
    """The staged import was already confirmed or cancelled."""

    def __init__(self, unit_import: UnitImport):
        if unit_import.status == UnitImport.Status.APPLIED:
            message = _("该导入已于 %(when)s 确认，不能重复确认。") % {
                "when": timezone.localtime(unit_import.applied_at).strftime("%Y-%m-%d %H:%M")
            }
        else:
            message = _("该导入已取消。")
        super().__init__(message)


class IneligibleNotAccepted(Refused):
    """The import would make units with applications ineligible, and staff did not confirm it."""

    def __init__(self, warnings: list[IneligibleWarning]):
        super().__init__(
            _("此次导入会使 %(n)d 家已有申报的单位不再符合申报范围；请核对后勾选“我已知晓”再确认导入。")
            % {"n": len(warnings)}
        )
        self.warnings = warnings


def apply_unit_rows(
    rows: list[dict],
    actor,
    *,
    unit_import: UnitImport | None = None,
    source: str = "",
    accept_ineligible: bool = False,
):
    """Apply ``rows`` (from ``parse_unit_file``) in one transaction → (created, updated, unchanged).

    Matching, renames and named years as ``import_plan`` says. A column the file did not have leaves that field of
    existing units alone; a column it had overwrites it (an empty credit code never erases one). Refused as a whole
    (``ImportRefused``) when a row is a problem, and (``IneligibleNotAccepted``) when a unit with applications would
    become ineligible unless ``accept_ineligible``.
    """
    with transaction.atomic():
        plan = plan_unit_rows(rows)
        if plan.problems:
            raise ImportRefused(plan.problems)
        if plan.warnings and not accept_ineligible:
            raise IneligibleNotAccepted(plan.warnings)
        if plan.to_create:
            # A unit another import created a moment ago is updated rather than refused.
            present = sorted({key for row in rows for key in row if key in UNIT_FIELDS} | {"named_year"})
            Unit.objects.bulk_create(
                plan.to_create, update_conflicts=True, unique_fields=["name"], update_fields=[*present, "updated_at"]
            )
        if plan.to_update:
            now = timezone.now()
            for unit in plan.to_update:
                unit.updated_at = now
            Unit.objects.bulk_update(plan.to_update, [*sorted(plan.update_fields), "updated_at"], batch_size=500)
        _set_namings(plan)
        for old, new in plan.renames:
            record(actor, "calls.unit_renamed", unit_import, old=old, new=new, source="import")
        created, updated, unchanged = plan.counts
        record(
            actor,
            "calls.units_imported",
            unit_import,
            source=source or (unit_import.filename if unit_import else ""),
            created=created,
            updated=updated,
            unchanged=unchanged,
            created_names=[unit.name for unit in plan.to_create[:AUDIT_NAMES]],
            updated_names=[unit.name for unit in plan.to_update[:AUDIT_NAMES]],
            updated_fields=sorted(plan.update_fields),
            renamed=[[old, new] for old, new in plan.renames[:AUDIT_NAMES]],
            year_changes=[[c.name, c.added, c.removed] for c in plan.year_changes[:AUDIT_NAMES]],
            ineligible_accepted=[str(warning) for warning in plan.warnings[:AUDIT_NAMES]],
        )
    return created, updated, unchanged


def _set_namings(plan: Plan) -> None:
    """The years each row names become its unit's named years (added and removed as the plan shows)."""
    ids = {}
    names = [name for name, years in plan.years.items() if years]
    for start in range(0, len(names), QUERY_CHUNK):
        ids.update(Unit.objects.filter(name__in=names[start : start + QUERY_CHUNK]).values_list("name", "pk"))
    for change in plan.year_changes:
        if change.removed and change.name in ids:
            UnitNaming.objects.filter(unit_id=ids[change.name], year__in=change.removed).delete()
    UnitNaming.objects.bulk_create(
        [UnitNaming(unit_id=ids[name], year=year) for name in names if name in ids for year in plan.years[name]],
        ignore_conflicts=True,
    )


def stage_import(fileobj, filename: str, actor) -> UnitImport:
    """Check an uploaded file and keep its rows for staff to confirm; raises ``ImportRefused`` with every problem."""
    result = parse_unit_file(fileobj, filename)
    if result.errors:
        raise ImportRefused(result.errors)
    problems = plan_unit_rows(result.rows).problems
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        unit_import = UnitImport.objects.create(uploaded_by=actor, filename=filename[-255:], rows=result.rows)
        record(actor, "calls.unit_import_staged", unit_import, rows=len(result.rows))
    return unit_import


def confirm_import(unit_import: UnitImport, actor, *, accept_ineligible: bool = False) -> tuple[int, int, int]:
    """Apply a staged import, once only (``ImportNotPending`` otherwise) → (created, updated, unchanged)."""
    with transaction.atomic():
        locked = UnitImport.objects.select_for_update().get(pk=unit_import.pk)
        if locked.status != UnitImport.Status.PENDING:
            raise ImportNotPending(locked)
        created, updated, unchanged = apply_unit_rows(
            locked.rows, actor, unit_import=locked, accept_ineligible=accept_ineligible
        )
        locked.status = UnitImport.Status.APPLIED
        locked.created_count, locked.updated_count = created, updated
        locked.applied_at = timezone.now()
        locked.save(update_fields=["status", "created_count", "updated_count", "applied_at"])
    _copy_state(locked, unit_import)
    return created, updated, unchanged


def cancel_import(unit_import: UnitImport, actor, *, reason: str = "") -> None:
    """Drop a staged import that was not confirmed; its rows are not kept."""
    with transaction.atomic():
        locked = UnitImport.objects.select_for_update().get(pk=unit_import.pk)
        if locked.status != UnitImport.Status.PENDING:
            raise ImportNotPending(locked)
        locked.status = UnitImport.Status.CANCELLED
        rows = len(locked.rows)
        locked.rows = []
        locked.save(update_fields=["status", "rows"])
        record(actor, "calls.unit_import_cancelled", locked, reason=reason, rows=rows)
    _copy_state(locked, unit_import)


def _copy_state(source: UnitImport, target: UnitImport) -> None:
    for name in ("status", "rows", "created_count", "updated_count", "applied_at"):
        setattr(target, name, getattr(source, name))
