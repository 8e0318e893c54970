"""Drafts: created from the registry, saved field by field and table by table, never silently overwritten."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from psyboost.applications import services
from psyboost.applications.errors import NotEditable, NotEligible, StaleDraft
from psyboost.applications.models import Application, BudgetItem, DraftSave, PsychWorker
from psyboost.applications.workflow import State
from psyboost.audit.models import AuditEntry
from tests.factories import CallFactory, DraftApplicationFactory, UnitFactory, UnitUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


def test_a_new_draft_is_prefilled_from_the_registry():
    call = CallFactory()
    unit = UnitFactory(
        district_union="海淀区",
        parent_union="海淀区总工会",
        contact_name="周红",
        contact_phone="010-62001234；13612345678",
        contact_email="zh@example.com",
        address="海淀区中关村大街1号",
    )
    user = UnitUserFactory(unit=unit)

    application = services.get_or_create_draft(call, unit, user)

    assert (application.state, application.version, application.number) == (State.DRAFT, 1, None)
    assert (application.district_union, application.parent_union) == ("海淀区", "海淀区总工会")
    assert (application.contact_name, application.contact_email, application.address) == (
        "周红",
        "zh@example.com",
        "海淀区中关村大街1号",
    )
    assert (application.contact_mobile, application.contact_landline) == ("13612345678", "010-62001234")
    assert AuditEntry.objects.get().action == "applications.created"
    assert services.get_or_create_draft(call, unit, user) == application
    assert Application.objects.count() == 1


def test_a_unit_outside_the_calls_named_years_gets_no_draft():
    unit = UnitFactory(name="新命名单位", named_year=2020)

    with pytest.raises(NotEligible) as refused:
        services.get_or_create_draft(CallFactory(), unit, UnitUserFactory(unit=unit))

    assert refused.value.message == "新命名单位不在本年度申报范围内：须为2015—2019年被命名的“职工心灵驿站”。"


@pytest.fixture
def draft_owner(db):
    return UnitUserFactory()


def test_saving_changes_fields_bumps_the_version_and_records_what_changed(draft_owner):
    owner = draft_owner
    application = DraftApplicationFactory(unit=owner.unit)

    saved = services.save_draft(
        application,
        {"headcount": 300, "unit_profile": "简介", "site_area": Decimal("80.5"), "past_partnered": True},
        expected_version=1,
        actor=owner,
    )

    assert saved is application
    assert (application.version, application.headcount, application.site_area) == (2, 300, Decimal("80.5"))
    assert application.past_partnered is True
    save = DraftSave.objects.get()
    assert (save.version, save.fields, save.actor) == (
        2,
        ["headcount", "unit_profile", "site_area", "past_partnered"],
        owner,
    )
    entry = AuditEntry.objects.get(action="applications.draft_saved")
    assert entry.data == {"version": 2, "fields": ["headcount", "unit_profile", "site_area", "past_partnered"]}


def test_saving_the_same_values_again_changes_nothing(draft_owner):
    owner = draft_owner
    application = DraftApplicationFactory(unit=owner.unit)
    services.save_draft(application, {"headcount": 300}, expected_version=1, actor=owner)

    services.save_draft(
        application, {"headcount": 300, "parent_union": application.parent_union}, expected_version=2, actor=owner
    )

    assert application.version == 2
    assert DraftSave.objects.count() == 1


def test_saving_rows_replaces_the_table_in_the_given_order(application, owner):
    rows = {
        "budget_items": [
            {"item": "团体辅导", "unit_price": Decimal("1500.00"), "quantity": Decimal("4"), "notes": ""},
            {"item": "心理讲座", "unit_price": Decimal("2000.00"), "quantity": Decimal("7")},
        ],
        "psych_workers": [{"name": "王五", "birth_month": date(1975, 3, 18), "education": "bachelor", "years": 8}],
    }

    services.save_draft(application, {}, rows, expected_version=1, actor=owner)

    budget = list(BudgetItem.objects.filter(application=application).values_list("position", "item", "quantity"))
    assert budget == [(0, "团体辅导", Decimal("4.00")), (1, "心理讲座", Decimal("7.00"))]
    staff = PsychWorker.objects.get(application=application)
    assert (staff.name, staff.birth_month, staff.education, staff.services) == (
        "王五",
        date(1975, 3, 1),
        "bachelor",
        "",
    )
    # 王五 is a new person: the unit has to confirm their consent again.
    assert application.privacy_confirmed is False
    assert DraftSave.objects.get().fields == ["privacy_confirmed", "psych_workers", "budget_items"]


def test_editing_the_people_already_listed_keeps_the_privacy_confirmation(application, owner):
    rows = {"psych_workers": [{"name": "张三丰", "years": 11}, {"name": " 刘芳", "services": "讲座"}]}

    services.save_draft(application, {}, rows, expected_version=1, actor=owner)

    assert application.privacy_confirmed is True
    assert DraftSave.objects.get().fields == ["psych_workers"]


def test_a_new_person_confirmed_in_the_same_save_stays_confirmed(application, owner):
    rows = {"psych_workers": [{"name": "张三丰"}, {"name": "赵六"}]}

    services.save_draft(application, {"privacy_confirmed": True}, rows, expected_version=1, actor=owner)

    assert application.privacy_confirmed is True


def test_a_large_table_saves_in_one_go(application, owner):
    rows = {
        "psych_workers": [{"name": f"人员{i}", "years": 1} for i in range(60)],
        "budget_items": [
            {"item": f"支出{i}", "unit_price": Decimal("250.00"), "quantity": Decimal("1")} for i in range(80)
        ],
    }

    services.save_draft(application, {}, rows, expected_version=1, actor=owner)

    assert application.psych_workers.count() == 60
    assert list(application.budget_items.values_list("position", flat=True)) == list(range(80))


def test_a_value_that_cannot_be_stored_is_refused_with_its_field(application, owner):
    with pytest.raises(ValidationError) as refused:
        services.save_draft(
            application,
            {"headcount": 0, "district_union": "火星区", "parent_union": "工" * 101},
            {"budget_items": [{"item": "讲座", "unit_price": Decimal("-1"), "quantity": Decimal("1")}]},
            expected_version=1,
            actor=owner,
        )

    assert set(refused.value.message_dict) == {"headcount", "district_union", "parent_union"}
    application.refresh_from_db()
    assert (application.version, application.headcount) == (1, 1200)


def test_a_row_value_that_cannot_be_stored_is_refused_with_its_cell(application, owner):
    rows = {"budget_items": [{"item": "讲座", "unit_price": Decimal("-1"), "quantity": Decimal("0")}]}

    with pytest.raises(ValidationError) as refused:
        services.save_draft(application, {}, rows, expected_version=1, actor=owner)

    assert set(refused.value.message_dict) == {"budget_items-0-unit_price", "budget_items-0-quantity"}
    assert application.budget_items.count() == 2


def test_unknown_fields_and_tables_are_a_programming_error(application, owner):
    with pytest.raises(TypeError, match="expected_version"):
        services.save_draft(application, {"headcount": 5}, None, None, owner)
    with pytest.raises(ValueError, match="not form fields"):
        services.save_draft(application, {"number": 5}, expected_version=1, actor=owner)
    with pytest.raises(ValueError, match="not tables"):
        services.save_draft(application, {}, {"attachments": []}, expected_version=1, actor=owner)
    with pytest.raises(ValueError, match="not columns"):
        services.save_draft(application, {}, {"budget_items": [{"amount": 5}]}, expected_version=1, actor=owner)


def test_a_save_from_an_older_version_is_refused_with_what_changed(application, owner):
    colleague = UnitUserFactory(unit=application.unit, display_name="王建国")
    services.save_draft(application, {"headcount": 1300}, expected_version=1, actor=colleague)
    services.save_draft(
        application,
        {"contact_email": "new@example.com"},
        {"budget_items": [{"item": "讲座", "unit_price": Decimal("20000"), "quantity": Decimal("1")}]},
        expected_version=2,
        actor=colleague,
    )

    with pytest.raises(StaleDraft) as refused:
        services.save_draft(application, {"headcount": 1250}, expected_version=1, actor=owner)

    stale = refused.value
    assert stale.fields == ["headcount", "contact_email", "budget_items"]
    assert stale.labels == ["单位人数", "联系邮箱", "经费预算"]
    assert (stale.current_version, stale.actors) == (3, ["王建国"])
    assert stale.message == (
        "保存失败：在您编辑期间，王建国保存了新的内容（单位人数、联系邮箱、经费预算）。您的输入仍保留在页面上，请核对后再保存。"
    )
    application.refresh_from_db()
    assert application.headcount == 1300


def test_a_stale_save_without_history_still_refuses(application, owner):
    with pytest.raises(StaleDraft) as refused:
        services.save_draft(application, {"headcount": 1}, expected_version=7, actor=owner)

    assert refused.value.fields == []
    assert (
        refused.value.message
        == "保存失败：在您编辑期间，其他用户保存了新的内容。您的输入仍保留在页面上，请核对后再保存。"
    )


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED, State.REJECTED])
def test_a_frozen_application_cannot_be_saved(application, owner, state):
    Application.objects.filter(pk=application.pk).update(
        state=state, number=1, submitted_at="2020-07-01T10:00:00+08:00"
    )

    with pytest.raises(NotEditable) as refused:
        services.save_draft(application, {"headcount": 5}, expected_version=1, actor=owner)

    label = State(state).label
    assert refused.value.message == f"此申报“{label}”，不能修改；如需修改，请联系市总工会工作人员退回。"


def test_a_returned_application_can_be_saved(application, owner):
    Application.objects.filter(pk=application.pk).update(
        state=State.RETURNED, number=1, submitted_at="2020-07-01T10:00:00+08:00"
    )

    services.save_draft(application, {"headcount": 5}, expected_version=1, actor=owner)

    assert (application.headcount, application.version) == (5, 2)


def test_none_clears_text_and_number_fields(application, owner):
    services.save_draft(
        application,
        {"address": None, "headcount": None, "declaration_confirmed": None},
        expected_version=1,
        actor=owner,
    )

    assert (application.address, application.headcount, application.declaration_confirmed) == ("", None, False)


def test_the_arguments_may_be_given_in_order(application, owner):
    services.save_draft(application, {"headcount": 5}, {}, 1, owner)

    assert (application.headcount, application.version) == (5, 2)


def test_an_existing_application_is_returned_even_if_the_unit_left_the_registry_years(application, owner):
    application.unit.named_year = 2021
    application.unit.save()

    assert services.get_or_create_draft(application.call, application.unit, owner) == application


def test_a_row_without_a_cell_keeps_the_saved_cell_only_when_the_row_is_otherwise_as_saved(application, owner):
    # the factory's budget: 心理讲座 2000.00 × 6, 团体辅导 1600.00 × 5 (notes 外请专家);
    # the form leaves out a cell it cannot read
    rows = {
        "budget_items": [
            {"item": "心理讲座", "unit_price": Decimal("2000"), "notes": "外请专家"},
            {"item": "团体沙盘", "unit_price": Decimal("1600.00"), "notes": "外请专家"},
            {"item": "新增一行", "notes": ""},
        ]
    }

    services.save_draft(application, {}, rows, expected_version=1, actor=owner)

    budget = list(BudgetItem.objects.filter(application=application).values_list("item", "unit_price", "quantity"))
    assert budget == [
        ("心理讲座", Decimal("2000.00"), Decimal("6.00")),
        ("团体沙盘", Decimal("1600.00"), None),
        ("新增一行", None, None),
    ]
