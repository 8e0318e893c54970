"""What applying a registry file would do, worked out without writing anything.

A row is matched to a unit by its 统一社会信用代码 when it has one and a unit has it, else by the unit's current name,
else by a former name. A matched unit with another name is a rename (the old name becomes a former name). The years a
row names replace the unit's named years: the plan lists what is added and removed, and warns when a unit with
applications (any state but draft) would no longer be admitted to a call it applied to.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .importing import ImportProblem
from .models import Call, Unit, UnitNaming

# The fields an imported row may set besides its name and years.
UNIT_FIELDS = (
    "district_union",
    "parent_union",
    "named_year",
    "contact_name",
    "contact_phone",
    "contact_email",
    "address",
    "credit_code",
)
QUERY_CHUNK = 500  # values per IN (...) lookup, well below every database's parameter limit
DRAFT = "draft"  # the application state that does not count (the applications stage comes later in the layering)


class Status:
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class YearChange:
    name: str
    added: list[int]
    removed: list[int]


@dataclass(frozen=True)
class IneligibleWarning:
    name: str
    call: str
    years: list[int]

    def __str__(self) -> str:
        return _("“%(name)s”改为命名年份 %(years)s 后，将不再符合《%(call)s》的申报范围，而它已有申报。") % {
            "name": self.name,
            "years": "、".join(str(year) for year in self.years),
            "call": self.call,
        }


@dataclass
class Plan:
    to_create: list[Unit] = field(default_factory=list)
    to_update: list[Unit] = field(default_factory=list)
    unchanged: int = 0
    update_fields: set[str] = field(default_factory=set)
    renames: list[tuple[str, str]] = field(default_factory=list)  # (old, new)
    year_changes: list[YearChange] = field(default_factory=list)
    warnings: list[IneligibleWarning] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    years: dict[str, list[int]] = field(default_factory=dict)  # by the unit's new name: its named years
    # Per row, in order: (status, [(field, old, new), ...]).
    outcomes: list[tuple[str, list[tuple[str, object, object]]]] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.to_create), len(self.to_update), self.unchanged


def row_years(row: dict) -> list[int]:
    return sorted(set(row.get("named_years") or ([row["named_year"]] if row.get("named_year") else [])))


def _in_chunks(values: list, lookup: str) -> list[Unit]:
    units = []
    for start in range(0, len(values), QUERY_CHUNK):
        units += Unit.objects.filter(**{f"{lookup}__in": values[start : start + QUERY_CHUNK]})
    return units


class _Registry:
    """The units the rows may match, looked up in a few queries."""

    def __init__(self, rows: list[dict]):
        codes = sorted({row["credit_code"] for row in rows if row.get("credit_code")})
        by_name = _in_chunks([row["name"] for row in rows], "name")
        by_code = _in_chunks(codes, "credit_code")
        self.by_pk = {unit.pk: unit for unit in [*by_name, *by_code]}
        self.by_code = {unit.credit_code: self.by_pk[unit.pk] for unit in by_code}
        self.by_name = {unit.name: self.by_pk[unit.pk] for unit in by_name}
        self.by_former: dict[str, Unit] = {}
        for unit in Unit.objects.exclude(former_names="").only("pk", "name", "former_names"):
            for former in unit.former_name_list:
                self.by_former.setdefault(former, unit)

    def match(self, row: dict) -> Unit | None:
        code = row.get("credit_code")
        if code and code in self.by_code:
            return self.by_code[code]
        if row["name"] in self.by_name:
            return self.by_name[row["name"]]
        former = self.by_former.get(row["name"])
        if former is not None and former.pk not in self.by_pk:
            former = self.by_pk[former.pk] = Unit.objects.get(pk=former.pk)
        return self.by_pk.get(former.pk) if former is not None else None

    def holder_of(self, name: str) -> Unit | None:
        if name not in self.by_name:
            self.by_name[name] = Unit.objects.filter(name=name).first()
        return self.by_name[name]


def _namings(units: list[Unit]) -> dict[int, list[int]]:
    years: dict[int, list[int]] = {unit.pk: [] for unit in units}
    pks = list(years)
    for start in range(0, len(pks), QUERY_CHUNK):
        for unit_id, year in UnitNaming.objects.filter(unit_id__in=pks[start : start + QUERY_CHUNK]).values_list(
            "unit_id", "year"
        ):
            years[unit_id].append(year)
    return {pk: sorted(named) for pk, named in years.items()}


def _applied_calls(units: list[Unit]) -> dict[int, list[Call]]:
    """For each unit, the calls it has an application to in any state but draft."""
    applications = Unit._meta.get_field("applications").related_model._base_manager
    pairs: list[tuple[int, int]] = []
    pks = [unit.pk for unit in units]
    for start in range(0, len(pks), QUERY_CHUNK):
        found = applications.filter(unit_id__in=pks[start : start + QUERY_CHUNK]).exclude(state=DRAFT)
        pairs += found.values_list("unit_id", "call_id").distinct()
    calls = Call.objects.in_bulk({call_id for _unit, call_id in pairs})
    applied: dict[int, list[Call]] = {}
    for unit_id, call_id in sorted(pairs):
        applied.setdefault(unit_id, []).append(calls[call_id])
    return applied


def plan_unit_rows(rows: list[dict]) -> Plan:
    """Match ``rows`` to the registry: which units are new, renamed, changed (and how), which stay as they are."""
    names = [row["name"] for row in rows]
    if len(set(names)) != len(names):
        raise ValueError("rows name the same unit twice")
    registry = _Registry(rows)
    plan = Plan()
    matched = [(row, registry.match(row)) for row in rows]
    units = [unit for _row, unit in matched if unit is not None]
    years_of, applied = _namings(units), _applied_calls(units)
    first_row_of: dict[int, int] = {}
    for row, unit in matched:
        values = {key: row[key] for key in UNIT_FIELDS if key in row}
        years = row_years(row)
        if years:
            values["named_year"] = years[-1]
        plan.years[row["name"]] = years
        if unit is None:
            plan.to_create.append(Unit(name=row["name"], **values))
            plan.outcomes.append((Status.NEW, []))
            continue
        if not _check_match(plan, registry, row, unit, first_row_of):
            plan.outcomes.append((Status.UNCHANGED, []))
            continue
        if not values.get("credit_code") and unit.credit_code:
            values.pop("credit_code", None)  # an empty cell never erases a code the registry has
        changes = [(key, getattr(unit, key), value) for key, value in values.items() if getattr(unit, key) != value]
        before = years_of[unit.pk]
        if years and years != before:
            _year_change(plan, row["name"], unit, before, years, applied.get(unit.pk, []))
        if unit.name != row["name"]:
            plan.renames.append((unit.name, row["name"]))
            changes.insert(0, ("name", unit.name, row["name"]))
        if not changes and (not years or years == before):
            plan.unchanged += 1
            plan.outcomes.append((Status.UNCHANGED, []))
            continue
        _apply_changes(plan, unit, changes)
        plan.to_update.append(unit)
        plan.outcomes.append((Status.UPDATED, changes))
    return plan


def _check_match(plan: Plan, registry: _Registry, row: dict, unit: Unit, first_row_of: dict[int, int]) -> bool:
    """Two rows for one unit, or a rename onto a name another unit has, are problems of the row."""
    first = first_row_of.setdefault(unit.pk, row.get("row", 0))
    if first != row.get("row", 0):
        plan.problems.append(
            ImportProblem(
                row.get("row"),
                _("单位名称"),
                _("与第%(first)d行是同一单位“%(name)s”（按统一社会信用代码或曾用名识别）。")
                % {"first": first, "name": unit.name},
            )
        )
        return False
    if unit.name != row["name"]:
        holder = registry.holder_of(row["name"])
        if holder is not None and holder.pk != unit.pk:
            plan.problems.append(
                ImportProblem(
                    row.get("row"),
                    _("单位名称"),
                    _("统一社会信用代码属于“%(unit)s”，而名录中已有名为“%(name)s”的另一单位；如是同一单位，请先合并。")
                    % {"unit": unit.name, "name": row["name"]},
                )
            )
            return False
    return True


def _year_change(plan: Plan, name: str, unit: Unit, before: list[int], years: list[int], calls: list[Call]) -> None:
    added = [year for year in years if year not in before]
    removed = [year for year in before if year not in years]
    plan.year_changes.append(YearChange(name, added, removed))
    for call in calls:
        if any(call.named_year_from <= y <= call.named_year_to for y in years):
            continue
        plan.warnings.append(IneligibleWarning(name, call.name, years))


def _apply_changes(plan: Plan, unit: Unit, changes: list[tuple[str, object, object]]) -> None:
    for key, old, new in changes:
        if key == "name":
            unit.former_names = "\n".join(dict.fromkeys([*unit.former_name_list, old]))
            plan.update_fields.add("former_names")
        setattr(unit, key, new)
        plan.update_fields.add(key)
