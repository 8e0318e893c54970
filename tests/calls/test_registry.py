"""The registry's import services: upsert by name, staging, confirming once, cancelling."""

import io

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.calls.models import Unit, UnitImport
from psyboost.calls.registry import (
    ImportNotPending,
    ImportRefused,
    apply_unit_rows,
    cancel_import,
    confirm_import,
    plan_unit_rows,
    stage_import,
)
from tests.calls.sheets import parse, unit_row, xlsx_bytes
from tests.factories import UnitFactory

FULL_HEADER = ["单位名称", "所属区/产业工会", "上级工会名称", "命名年份", "联系人", "联系电话"]


def rows_of(rows, header=None):
    result = parse(xlsx_bytes(rows, header) if header else xlsx_bytes(rows))
    assert result.errors == []
    return result.rows


@pytest.mark.django_db
def test_apply_creates_the_units_and_records_it(staff_user):
    counts = apply_unit_rows(rows_of([unit_row(1), unit_row(2, district="海淀区", year=2019)]), staff_user)

    assert counts == (2, 0, 0)
    assert list(Unit.objects.order_by("name").values_list("name", "district_union", "parent_union", "named_year")) == [
        ("北京测试单位00001", "朝阳区", "朝阳区总工会", 2017),
        ("北京测试单位00002", "海淀区", "海淀区总工会", 2019),
    ]
    entry = AuditEntry.objects.get(action="calls.units_imported")
    assert entry.actor == staff_user
    assert entry.data["created"] == 2 and entry.data["updated"] == 0 and entry.data["unchanged"] == 0
    assert entry.data["created_names"] == ["北京测试单位00001", "北京测试单位00002"]


@pytest.mark.django_db
def test_a_reimport_updates_instead_of_duplicating(staff_user):
    apply_unit_rows(rows_of([unit_row(1), unit_row(2), unit_row(3)]), staff_user)
    first_id = Unit.objects.get(name="北京测试单位00001").pk
    before = Unit.objects.get(name="北京测试单位00003").updated_at

    counts = apply_unit_rows(
        rows_of([unit_row(1, year=2018), unit_row(2, district="西城区"), unit_row(3), unit_row(4)]), staff_user
    )

    assert counts == (1, 2, 1)
    assert Unit.objects.count() == 4
    first = Unit.objects.get(name="北京测试单位00001")
    assert first.pk == first_id and first.named_year == 2018
    second = Unit.objects.get(name="北京测试单位00002")
    assert (second.district_union, second.parent_union) == ("西城区", "西城区总工会")
    assert Unit.objects.get(name="北京测试单位00003").updated_at == before
    assert first.updated_at > before
    entry = AuditEntry.objects.filter(action="calls.units_imported").first()
    assert entry.data["updated_names"] == ["北京测试单位00001", "北京测试单位00002"]
    assert entry.data["updated_fields"] == ["district_union", "named_year", "parent_union"]


@pytest.mark.django_db
def test_columns_absent_from_the_file_are_left_alone_present_ones_overwritten(staff_user):
    UnitFactory(name="甲单位", contact_name="李文华", contact_phone="83570324", address="虎坊路13号")

    apply_unit_rows(rows_of([["甲单位", "朝阳区", "朝阳区总工会", 2017, "", "13800138000"]], FULL_HEADER), staff_user)

    unit = Unit.objects.get(name="甲单位")
    assert (unit.contact_name, unit.contact_phone, unit.address) == ("", "13800138000", "虎坊路13号")


@pytest.mark.django_db
def test_plan_tells_each_rows_outcome_without_writing():
    UnitFactory(name="北京测试单位00001", named_year=2016)
    UnitFactory(name="北京测试单位00002", named_year=2017, parent_union="朝阳区总工会")

    plan = plan_unit_rows(rows_of([unit_row(1), unit_row(2), unit_row(3)]))

    assert plan.counts == (1, 1, 1)
    assert plan.outcomes == [("updated", [("named_year", 2016, 2017)]), ("unchanged", []), ("new", [])]
    assert Unit.objects.get(name="北京测试单位00001").named_year == 2016
    assert Unit.objects.count() == 2


def test_plan_refuses_rows_naming_a_unit_twice():
    with pytest.raises(ValueError, match="twice"):
        plan_unit_rows([{"name": "甲"}, {"name": "甲"}])


@pytest.mark.django_db
def test_ten_thousand_rows_import_and_reimport(staff_user):
    rows = rows_of([unit_row(n, year=2015 + n % 5) for n in range(10_000)])
    assert apply_unit_rows(rows, staff_user) == (10_000, 0, 0)
    changed = [dict(row, named_year=2019) for row in rows]
    assert apply_unit_rows(changed, staff_user) == (0, 8_000, 2_000)
    assert Unit.objects.count() == 10_000
    assert Unit.objects.filter(named_year=2019).count() == 10_000


@pytest.mark.django_db
def test_stage_keeps_the_rows_and_confirm_applies_them_once(staff_user):
    staged = stage_import(io.BytesIO(xlsx_bytes([unit_row(1), unit_row(2)])), "名录.xlsx", staff_user)

    assert staged.status == UnitImport.Status.PENDING
    assert [row["name"] for row in staged.rows] == ["北京测试单位00001", "北京测试单位00002"]
    assert Unit.objects.count() == 0

    assert confirm_import(staged, staff_user) == (2, 0, 0)
    staged.refresh_from_db()
    assert (staged.status, staged.created_count, staged.updated_count) == ("applied", 2, 0)
    assert staged.applied_at is not None
    assert AuditEntry.objects.filter(action="calls.units_imported", target_id=str(staged.pk)).count() == 1

    with pytest.raises(ImportNotPending, match="不能重复确认"):
        confirm_import(staged, staff_user)
    assert Unit.objects.count() == 2
    assert AuditEntry.objects.filter(action="calls.units_imported").count() == 1


@pytest.mark.django_db
def test_a_stale_instance_cannot_confirm_twice(staff_user):
    staged = stage_import(io.BytesIO(xlsx_bytes([unit_row(1)])), "名录.xlsx", staff_user)
    stale = UnitImport.objects.get(pk=staged.pk)
    confirm_import(staged, staff_user)

    with pytest.raises(ImportNotPending):
        confirm_import(stale, staff_user)


@pytest.mark.django_db
def test_stage_refuses_a_bad_file_and_keeps_nothing(staff_user):
    with pytest.raises(ImportRefused) as refusal:
        stage_import(io.BytesIO(xlsx_bytes([unit_row(1), unit_row(1)])), "名录.xlsx", staff_user)

    assert [str(problem) for problem in refusal.value.errors] == [
        "第3行 单位名称：单位名称“北京测试单位00001”与第2行重复。"
    ]
    assert UnitImport.objects.count() == 0
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_cancel_drops_the_rows_and_blocks_confirmation(staff_user):
    staged = stage_import(io.BytesIO(xlsx_bytes([unit_row(1)])), "名录.xlsx", staff_user)

    cancel_import(staged, staff_user)

    staged.refresh_from_db()
    assert (staged.status, staged.rows) == ("cancelled", [])
    assert AuditEntry.objects.filter(action="calls.unit_import_cancelled", target_id=str(staged.pk)).count() == 1
    with pytest.raises(ImportNotPending, match="该导入已取消。"):
        confirm_import(staged, staff_user)
    with pytest.raises(ImportNotPending):
        cancel_import(staged, staff_user)
    assert Unit.objects.count() == 0
