"""The eligible-unit registry's services: the only places that create or change units from an imported list."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.core.refusals import Refused

from .importing import ImportProblem, parse_unit_file
from .models import Unit, UnitImport, UnitNaming

# The fields an imported row may set; ``name`` is the key a re-import matches on.
UNIT_FIELDS = (
    "district_union",
    "parent_union",
    "named_year",
    "contact_name",
    "contact_phone",
    "contact_email",
    "address",
)
QUERY_CHUNK = 500  # names per IN (...) lookup, well below every database's parameter limit
AUDIT_NAMES = 100  # how many created and updated names an audit entry lists


class Status:
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Plan:
    """What applying the rows would do, worked out without writing anything."""

    to_create: list[Unit] = field(default_factory=list)
    to_update: list[Unit] = field(default_factory=list)
    unchanged: int = 0
    update_fields: set[str] = field(default_factory=set)
    # Per row, in order: (status, [(field, old, new), ...]).
    outcomes: list[tuple[str, list[tuple[str, object, object]]]] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.to_create), len(self.to_update), self.unchanged


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


def plan_unit_rows(rows: list[dict]) -> Plan:
    """Match ``rows`` to the registry by name: which units are new, which change (and how), which stay as they are."""
    names = [row["name"] for row in rows]
    if len(set(names)) != len(names):
        raise ValueError("rows name the same unit twice")
    existing: dict[str, Unit] = {}
    for start in range(0, len(names), QUERY_CHUNK):
        chunk = names[start : start + QUERY_CHUNK]
        existing.update((unit.name, unit) for unit in Unit.objects.filter(name__in=chunk))
    plan = Plan()
    for row in rows:
        values = {key: row[key] for key in UNIT_FIELDS if key in row}
        if row.get("named_years"):
            values["named_year"] = max(row["named_years"])
        unit = existing.get(row["name"])
        if unit is None:
            plan.to_create.append(Unit(name=row["name"], **values))
            plan.outcomes.append((Status.NEW, []))
            continue
        changes = [(key, getattr(unit, key), value) for key, value in values.items() if getattr(unit, key) != value]
        if not changes:
            plan.unchanged += 1
            plan.outcomes.append((Status.UNCHANGED, []))
            continue
        for key, _old, new in changes:
            setattr(unit, key, new)
            plan.update_fields.add(key)
        plan.to_update.append(unit)
        plan.outcomes.append((Status.UPDATED, changes))
    return plan


def apply_unit_rows(rows: list[dict], actor, *, unit_import: UnitImport | None = None, source: str = ""):
    """Upsert ``rows`` (from ``parse_unit_file``) by unit name in one transaction → (created, updated, unchanged).

    A column the file did not have leaves that field of existing units alone; a column it had overwrites it.
    """
    with transaction.atomic():
        plan = plan_unit_rows(rows)
        changed = [*plan.to_create, *(_fresh_copy(unit) for unit in plan.to_update)]
        if changed:
            # One upsert (INSERT … ON CONFLICT (name) DO UPDATE) for new and changed units alike: fast on both
            # databases, and a unit another import created a moment ago is updated rather than refused.
            present = sorted({key for row in rows for key in row if key in UNIT_FIELDS} | plan.update_fields)
            Unit.objects.bulk_create(
                changed, update_conflicts=True, unique_fields=["name"], update_fields=[*present, "updated_at"]
            )
        _add_namings(rows)
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
        )
    return created, updated, unchanged


def _add_namings(rows: list[dict]) -> None:
    """Every year a row names its unit in joins the unit's named years: a re-import never takes a year away."""
    years = {row["name"]: row.get("named_years") or [row["named_year"]] for row in rows if row.get("named_year")}
    ids = {}
    names = list(years)
    for start in range(0, len(names), QUERY_CHUNK):
        ids.update(Unit.objects.filter(name__in=names[start : start + QUERY_CHUNK]).values_list("name", "pk"))
    UnitNaming.objects.bulk_create(
        [UnitNaming(unit_id=ids[name], year=year) for name, named in years.items() for year in named if name in ids],
        ignore_conflicts=True,
    )


def _fresh_copy(unit: Unit) -> Unit:
    """The unit's planned values on an unsaved instance, for the upsert to match by name rather than by id."""
    values = {name: getattr(unit, name) for name in UNIT_FIELDS}
    return Unit(name=unit.name, **values)


def stage_import(fileobj, filename: str, actor) -> UnitImport:
    """Check an uploaded file and keep its rows for staff to confirm; raises ``ImportRefused`` with every problem."""
    result = parse_unit_file(fileobj, filename)
    if result.errors:
        raise ImportRefused(result.errors)
    with transaction.atomic():
        unit_import = UnitImport.objects.create(uploaded_by=actor, filename=filename[-255:], rows=result.rows)
        record(actor, "calls.unit_import_staged", unit_import, rows=len(result.rows))
    return unit_import


def confirm_import(unit_import: UnitImport, actor) -> tuple[int, int, int]:
    """Apply a staged import, once only (``ImportNotPending`` otherwise) → (created, updated, unchanged)."""
    with transaction.atomic():
        locked = UnitImport.objects.select_for_update().get(pk=unit_import.pk)
        if locked.status != UnitImport.Status.PENDING:
            raise ImportNotPending(locked)
        created, updated, unchanged = apply_unit_rows(locked.rows, actor, unit_import=locked)
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
