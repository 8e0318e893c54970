import threading
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psyboost.projects.models import Expense, FileKind, Grant, ProjectFile, mask_account
from psyboost.projects.services import grant, spending
from psyboost.projects.services.common import ProjectRefused, parse_money
from psyboost.projects.workflow import Stage
from tests import factories

from .helpers import make_projects, paid, ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    unit_user = factories.UnitUserFactory(username="unit-a", unit=project.unit)
    return call, staff, project, unit_user


def test_masked_account_shows_only_the_last_four_digits():
    assert mask_account("0200001234567890") == "************7890"
    assert mask_account("123") == "***"


def test_account_refusals_name_their_fields(setup):
    _call, _staff, project, unit_user = setup
    with pytest.raises(ProjectRefused) as refusal:
        grant.confirm_account(project, unit_user, account_name="", bank="", account_number="12ab")
    assert refusal.value.errors == {
        "account_name": "请填写开户名称（应与单位名称一致）。",
        "bank": "请填写开户行。",
        "account_number": "账号应为 8–32 位数字。",
    }
    assert Grant.objects.get(project=project).account_confirmed_at is None


def test_payment_needs_account_and_commitment_then_moves_the_project(setup):
    _call, staff, project, unit_user = setup
    with pytest.raises(ProjectRefused) as refusal:
        grant.record_payment(project, staff, paid_on="2020-08-05", payer="北京市总工会", voucher="PZ-1")
    assert refusal.value.errors == {f"voucher_{project.pk}": "甲单位尚未确认收款账户并签署资金使用承诺。"}
    ready(project, unit_user)
    batch = grant.record_payment(project, staff, paid_on="2020-08-05", payer="北京市总工会", voucher="PZ-1")
    project.refresh_from_db()
    assert project.stage == Stage.IMPLEMENTING
    assert (project.grant.amount, project.grant.paid_on, project.grant.voucher, batch.number) == (
        Decimal("20000.00"),
        date(2020, 8, 5),
        "PZ-1",
        1,
    )


def test_a_payment_recorded_twice_is_refused_and_nothing_changes(setup):
    _call, staff, project, unit_user = setup
    paid(project, unit_user, staff, voucher="PZ-1")
    with pytest.raises(ProjectRefused) as refusal:
        grant.record_payment(project, staff, paid_on="2020-08-06", payer="北京市总工会", voucher="PZ-2")
    assert refusal.value.errors == {
        f"voucher_{project.pk}": "甲单位的资金已于2020-08-05拨付（凭证号 PZ-1），不能重复登记。"
    }
    assert Grant.objects.get(project=project).voucher == "PZ-1"


@pytest.mark.django_db(transaction=True)
def test_two_staff_recording_the_same_payment_at_once_one_wins():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    other = factories.StaffFactory(username="staff-2")
    (project,) = make_projects(call, staff, names=["甲单位"])
    ready(project, factories.UnitUserFactory(username="unit-a", unit=project.unit))
    outcomes, barrier = [], threading.Barrier(2)

    def pay(actor, voucher):
        from django.db import connection

        barrier.wait()
        try:
            grant.record_payment(project, actor, paid_on="2020-08-05", payer="北京市总工会", voucher=voucher)
            outcomes.append("ok")
        except Exception as error:  # the loser: refused, or the database's lock
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay, args=(actor, v)) for actor, v in ((staff, "A"), (other, "B"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert Grant.objects.filter(project=project, paid_on__isnull=False).count() == 1


def test_receipt_needs_payment_a_scan_and_only_once(setup):
    _call, staff, project, unit_user = setup
    with pytest.raises(ProjectRefused, match="尚未登记拨付"):
        grant.confirm_receipt(project, unit_user, received_on="2020-08-06")
    paid(project, unit_user, staff)
    with pytest.raises(ProjectRefused) as refusal:
        grant.confirm_receipt(project, unit_user, received_on="2020-08-06")
    assert refusal.value.errors == {"receipt": "请上传收款收据扫描件。"}
    with pytest.raises(ProjectRefused, match="到账日期不能早于拨付日期"):
        grant.confirm_receipt(project, unit_user, received_on="2020-08-01", receipt=_scan(project))
    grant.confirm_receipt(project, unit_user, received_on="2020-08-06", receipt=_scan(project))
    with pytest.raises(ProjectRefused, match="已确认到账，不能重复确认。"):
        grant.confirm_receipt(project, unit_user, received_on="2020-08-07", receipt=_scan(project))
    assert Grant.objects.get(project=project).received_on == date(2020, 8, 6)


def _scan(project):
    return ProjectFile.objects.create(
        project=project,
        kind=FileKind.RECEIPT_SCAN,
        file="projects/x.pdf",
        original_name="收据.pdf",
        size=10,
        content_type="application/pdf",
        sha256="0" * 64,
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "请填写金额。"),
        ("abc", "金额必须是数字（元），例如 1200.50。"),
        ("NaN", "金额必须是数字（元），例如 1200.50。"),
        ("-5", "金额不能为负数。"),
        ("0", "金额应大于 0。"),
        ("1.234", "金额最多保留两位小数（分）。"),
    ],
)
def test_bad_amounts_are_refused_by_the_field(raw, message):
    with pytest.raises(ProjectRefused) as refusal:
        parse_money(raw, "amount")
    assert refusal.value.errors == {"amount": message}


def test_expense_warnings_and_refusals(setup):
    _call, staff, project, unit_user = setup
    paid(project, unit_user, staff)
    lecture, group = project.budget_lines.order_by("position")
    with pytest.raises(ProjectRefused) as refusal:
        spending.record_expense(
            project, unit_user, line_id="999999", spent_on="2020-08-10", item="讲座", amount="-1", source="grant"
        )
    assert refusal.value.errors == {"line": "该预算科目不存在，请从列表中选择。", "amount": "金额不能为负数。"}
    assert not Expense.objects.exists()
    expense = spending.record_expense(
        project,
        unit_user,
        line_id=str(group.pk),
        spent_on="2020-08-10",
        item="团体辅导 餐费",
        amount="8000.01",
        source="grant",
    )
    assert expense.warnings == [
        "“团体辅导”预算 8000.00 元，加上本笔将支出 8000.01 元，超出 0.01 元。",
        "本笔从助推资金列支，但支出日期早于资金到账（或尚未确认到账）。",
        "支出事项含“餐费”，按本年度规定不得从助推资金列支，请核实。",
    ]
    spending.record_expense(
        project, unit_user, line_id=str(lecture.pk), spent_on="2020-08-11", item="讲座", amount="1000", source="own"
    )
    accounts = spending.accounts_of(project)
    assert [(f.line.item, f.spent, f.grant, f.own, f.remaining) for f in accounts.lines] == [
        ("心理讲座", Decimal("1000.00"), Decimal("0.00"), Decimal("1000.00"), Decimal("11000.00")),
        ("团体辅导", Decimal("8000.01"), Decimal("8000.01"), Decimal("0.00"), Decimal("-0.01")),
    ]
    assert (accounts.grant_received, accounts.grant_spent, accounts.grant_balance) == (
        Decimal("20000.00"),
        Decimal("8000.01"),
        Decimal("11999.99"),
    )


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=1), amounts, st.booleans()), max_size=12))
def test_spent_plus_remaining_is_approved_per_line_and_totals_are_the_sums(rows):
    from django.db import transaction

    with transaction.atomic():
        call, staff = factories.CallFactory(), factories.StaffFactory(username="staff-h")
        (project,) = make_projects(call, staff, names=["假设单位"])
        project.stage = Stage.IMPLEMENTING
        project.save()
        lines = list(project.budget_lines.order_by("position"))
        for index, amount, own in rows:
            Expense.objects.create(
                project=project,
                line=lines[index],
                spent_on=date(2020, 9, 1),
                item="x",
                amount=amount,
                source="own" if own else "grant",
            )
        accounts = spending.accounts_of(project)
        for figure in accounts.lines:
            assert figure.spent + figure.remaining == figure.approved
            assert figure.grant + figure.own == figure.spent
        assert (
            accounts.spent
            == sum((f.spent for f in accounts.lines), Decimal(0))
            == sum((a for _i, a, _o in rows), Decimal(0))
        )
        assert accounts.approved == sum((line.approved for line in lines), Decimal(0))
        assert accounts.remaining == accounts.approved - accounts.spent
        transaction.set_rollback(True)
