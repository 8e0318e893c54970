"""The registry with history: several named years per unit (eligibility is any year of the call's range), a
re-import sets the years its file names (``test_import_matching`` has the guard), renames keep former names,
merges and deactivation."""

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.calls import unit_history
from psyboost.calls.models import Unit
from psyboost.calls.registry import apply_unit_rows
from psyboost.calls.unit_history import UnitChangeRefused
from tests.factories import ApplicationFactory, CallFactory, StaffFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


def row(name, year):
    return {"name": name, "district_union": "朝阳区", "parent_union": "朝阳区总工会", "named_year": year}


def test_a_unit_named_in_two_years_is_eligible_for_a_call_covering_either():
    staff = StaffFactory()
    apply_unit_rows([{**row("北京甲单位", 2019), "named_years": [2012, 2019]}], staff)
    unit = Unit.objects.get(name="北京甲单位")
    early, late = CallFactory(year=2014, named_year_from=2010, named_year_to=2013), CallFactory(year=2020)

    assert unit.named_years == [2012, 2019]
    assert early.admits(unit) and late.admits(unit)
    assert list(early.eligible_units) == [unit] and list(late.eligible_units) == [unit]


def test_a_reimport_naming_both_years_keeps_both_and_the_unit_eligible():
    staff = StaffFactory()
    apply_unit_rows([row("北京乙单位", 2017)], staff)
    apply_unit_rows([{**row("北京乙单位", 2021), "named_years": [2017, 2021]}], staff)
    unit = Unit.objects.get(name="北京乙单位")

    assert unit.named_years == [2017, 2021]
    assert CallFactory(year=2020).admits(unit)


def test_a_rename_keeps_the_former_name_the_accounts_and_the_applications():
    staff, unit = StaffFactory(), UnitFactory(name="北京丙公司")
    user, application = UnitUserFactory(unit=unit), ApplicationFactory(unit=unit)

    unit_history.rename(unit, "北京丙集团有限公司", staff)

    unit.refresh_from_db()
    assert (unit.name, unit.former_name_list) == ("北京丙集团有限公司", ["北京丙公司"])
    assert list(unit_history.search("丙公司")) == [unit]
    assert (user.unit_id, application.unit_id) == (unit.pk, unit.pk)
    entry = AuditEntry.objects.get(action="calls.unit_renamed")
    assert entry.data == {"old": "北京丙公司", "new": "北京丙集团有限公司"}
    with pytest.raises(UnitChangeRefused) as refused:
        unit_history.rename(unit, UnitFactory(name="北京丁公司").name, staff)
    assert refused.value.message == "名录中已有名为“北京丁公司”的单位；如是同一单位，请合并。"


def test_merging_moves_accounts_years_and_applications_and_keeps_the_duplicate_as_a_record():
    staff = StaffFactory()
    keep, duplicate = (
        UnitFactory(name="北京戊单位", named_year=2016),
        UnitFactory(name="北京戊单位（旧）", named_year=2018),
    )
    user, application = UnitUserFactory(unit=duplicate), ApplicationFactory(unit=duplicate)

    unit_history.merge(keep, duplicate, staff)

    keep.refresh_from_db()
    duplicate.refresh_from_db()
    user.refresh_from_db()
    application.refresh_from_db()
    assert keep.named_years == [2016, 2018]
    assert keep.former_name_list == ["北京戊单位（旧）"]
    assert (user.unit_id, application.unit_id) == (keep.pk, keep.pk)
    assert (duplicate.is_active, duplicate.merged_into, duplicate.deactivation_reason) == (
        False,
        keep,
        "已合并到“北京戊单位”",
    )


def test_merging_two_units_that_both_applied_to_one_call_is_refused():
    staff, keep, duplicate = StaffFactory(), UnitFactory(), UnitFactory()
    ApplicationFactory(unit=keep)
    ApplicationFactory(unit=duplicate)

    with pytest.raises(UnitChangeRefused) as refused:
        unit_history.merge(keep, duplicate, staff)

    assert refused.value.message == "两个单位在同一年度都有申报，不能合并；请先处理其中一份申报。"
    assert Unit.objects.get(pk=duplicate.pk).is_active


def test_a_deactivated_unit_is_not_eligible_and_needs_a_reason():
    staff, unit, call = StaffFactory(), UnitFactory(), CallFactory()
    with pytest.raises(UnitChangeRefused) as refused:
        unit_history.deactivate(unit, " ", staff)
    assert refused.value.message == "请填写停用理由。"

    unit_history.deactivate(unit, "单位已注销", staff)

    assert not call.admits(Unit.objects.get(pk=unit.pk))
    assert unit not in call.eligible_units


def test_removing_a_year_that_an_application_needs_is_refused():
    staff, unit = StaffFactory(), UnitFactory(named_year=2017)
    ApplicationFactory(unit=unit)

    with pytest.raises(UnitChangeRefused) as refused:
        unit_history.set_named_years(unit, [2021], staff)

    assert (
        refused.value.message
        == "改为此命名年份后，该单位将不再符合《2020年职工心理服务助推项目》的申报范围，而它已有申报。"
    )
    unit_history.set_named_years(unit, [2017, 2021], staff)
    assert unit.named_years == [2017, 2021]
