"""The import matches a row by 统一社会信用代码, else current name, else a former name; renames; named years set
from the file with their changes shown; the guard before a unit with applications becomes ineligible."""

from datetime import datetime

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.calls.models import Unit
from psyboost.calls.registry import ImportRefused, IneligibleNotAccepted, apply_unit_rows, plan_unit_rows
from tests.factories import BEIJING, ApplicationFactory, CallFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db

CODE = "91110000MA0000000H"
OTHER_CODE = "91110108MA0000001D"


def row(name, year=2017, *, number=2, code=None, years=None):
    values = {"row": number, "name": name, "district_union": "朝阳区", "parent_union": "朝阳区总工会"}
    values["named_year"] = max(years) if years else year
    if years:
        values["named_years"] = years
    if code is not None:
        values["credit_code"] = code
    return values


def submitted(unit, call):
    return ApplicationFactory(
        unit=unit, call=call, state="submitted", number=1, submitted_at=datetime(2020, 7, 1, tzinfo=BEIJING)
    )


def test_a_row_whose_code_matches_a_unit_with_another_name_is_a_rename(staff_user):
    unit = UnitFactory(name="北京甲公司", credit_code=CODE)
    user, application = UnitUserFactory(unit=unit), ApplicationFactory(unit=unit)

    plan = plan_unit_rows([row("北京甲集团有限公司", code=CODE)])
    assert (plan.counts, plan.renames, plan.year_changes) == ((0, 1, 0), [("北京甲公司", "北京甲集团有限公司")], [])
    assert apply_unit_rows([row("北京甲集团有限公司", code=CODE)], staff_user) == (0, 1, 0)

    unit.refresh_from_db()
    assert (unit.name, unit.former_name_list, Unit.objects.count()) == ("北京甲集团有限公司", ["北京甲公司"], 1)
    user.refresh_from_db()
    application.refresh_from_db()
    assert (user.unit_id, application.unit_id) == (unit.pk, unit.pk)
    renamed = AuditEntry.objects.get(action="calls.unit_renamed")
    assert renamed.data == {"old": "北京甲公司", "new": "北京甲集团有限公司", "source": "import"}
    assert AuditEntry.objects.get(action="calls.units_imported").data["renamed"] == [
        ["北京甲公司", "北京甲集团有限公司"]
    ]


def test_without_a_code_a_row_matches_the_current_name_then_a_former_name(staff_user):
    current = UnitFactory(name="北京乙公司")
    renamed = UnitFactory(name="北京丙集团", former_names="北京丙公司")

    plan = plan_unit_rows([row("北京乙公司", number=2), row("北京丙公司", number=3), row("北京丁公司", number=4)])

    assert plan.counts == (1, 1, 1)
    assert plan.renames == [("北京丙集团", "北京丙公司")]
    apply_unit_rows([row("北京乙公司", code=CODE), row("北京丙公司", number=3)], staff_user)
    renamed.refresh_from_db()
    current.refresh_from_db()
    assert (renamed.name, renamed.former_name_list) == ("北京丙公司", ["北京丙公司", "北京丙集团"])
    assert current.credit_code == CODE


def test_the_code_wins_over_a_name_and_an_empty_code_cell_keeps_the_stored_code(staff_user):
    coded = UnitFactory(name="北京戊公司", credit_code=CODE)
    UnitFactory(name="北京己公司", credit_code=OTHER_CODE)

    plan = plan_unit_rows([row("北京戊公司", code="")])
    assert plan.counts == (0, 0, 1)

    plan = plan_unit_rows([row("北京庚公司", code=CODE)])
    assert plan.to_update == [coded] and plan.renames == [("北京戊公司", "北京庚公司")]


def test_a_rename_onto_another_units_name_and_two_rows_of_one_unit_are_row_problems(staff_user):
    UnitFactory(name="北京戊公司", credit_code=CODE)
    UnitFactory(name="北京己公司")
    rows = [row("北京己公司", code=CODE, number=5), row("北京辛公司", number=6)]

    plan = plan_unit_rows([row("北京戊公司", number=2), row("北京戊分公司", code=CODE, number=3)])
    assert [str(problem) for problem in plan.problems] == [
        "第3行 单位名称：与第2行是同一单位“北京戊公司”（按统一社会信用代码或曾用名识别）。"
    ]
    with pytest.raises(ImportRefused) as refused:
        apply_unit_rows(rows, staff_user)
    assert [str(problem) for problem in refused.value.errors] == [
        "第5行 单位名称：统一社会信用代码属于“北京戊公司”，"
        "而名录中已有名为“北京己公司”的另一单位；如是同一单位，请先合并。"
    ]
    assert not Unit.objects.filter(name="北京辛公司").exists()  # nothing imported
    assert not AuditEntry.objects.filter(action="calls.units_imported").exists()


def test_the_files_years_become_the_units_years_and_the_plan_shows_what_changes(staff_user):
    unit = UnitFactory(name="北京壬公司", named_year=2017)

    plan = plan_unit_rows([row("北京壬公司", years=[2019, 2021])])

    assert [(c.name, c.added, c.removed) for c in plan.year_changes] == [("北京壬公司", [2019, 2021], [2017])]
    assert plan.warnings == []
    apply_unit_rows([row("北京壬公司", years=[2019, 2021])], staff_user)
    assert unit.named_years == [2019, 2021]
    entry = AuditEntry.objects.get(action="calls.units_imported")
    assert entry.data["year_changes"] == [["北京壬公司", [2019, 2021], [2017]]]


def test_a_change_making_a_unit_with_an_application_ineligible_needs_confirming(staff_user):
    call = CallFactory(year=2020)  # named 2015–2019
    applied, drafting = UnitFactory(name="北京癸公司", named_year=2017), UnitFactory(name="北京子公司", named_year=2017)
    submitted(applied, call)
    ApplicationFactory(unit=drafting, call=call)
    rows = [row("北京癸公司", 2021), row("北京子公司", 2021, number=3)]

    plan = plan_unit_rows(rows)
    assert [str(warning) for warning in plan.warnings] == [
        "“北京癸公司”改为命名年份 2021 后，将不再符合《2020年职工心理服务助推项目》的申报范围，而它已有申报。"
    ]
    with pytest.raises(IneligibleNotAccepted) as refused:
        apply_unit_rows(rows, staff_user)
    assert str(refused.value) == "此次导入会使 1 家已有申报的单位不再符合申报范围；请核对后勾选“我已知晓”再确认导入。"
    assert applied.named_years == [2017] and drafting.named_years == [2017]

    assert apply_unit_rows(rows, staff_user, accept_ineligible=True) == (0, 2, 0)
    assert applied.named_years == [2021] and not call.admits(applied)
    entry = AuditEntry.objects.get(action="calls.units_imported")
    assert entry.data["ineligible_accepted"] == [str(plan.warnings[0])]


def test_a_year_change_that_keeps_the_call_in_range_warns_nothing(staff_user):
    call = CallFactory(year=2020)
    unit = UnitFactory(name="北京丑公司", named_year=2017)
    submitted(unit, call)

    plan = plan_unit_rows([row("北京丑公司", years=[2018])])

    assert plan.warnings == [] and len(plan.year_changes) == 1
