"""经费预算: 金额 = 单价 × 数量 exactly, 总计 = Σ 金额, 总计 = 市总工会助推资金 + 单位自筹."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psyboost.applications.budget import amount, budget_summary, money, summarize
from psyboost.applications.models import BudgetItem

PRICES = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)
QUANTITIES = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)
GRANTS = st.decimals(min_value=0, max_value=Decimal("1000000.00"), places=2)


@given(PRICES, QUANTITIES)
def test_the_amount_is_exactly_price_times_quantity(price, quantity):
    result = amount(price, quantity)
    # In integer fen × hundredths there is no rounding at all: compare there.
    assert result * 10000 == int(price * 100) * int(quantity * 100)
    assert BudgetItem(unit_price=price, quantity=quantity).amount == result
    assert isinstance(result, Decimal)


@given(st.lists(st.tuples(PRICES, QUANTITIES), max_size=80), GRANTS)
def test_the_total_is_the_sum_and_the_split_always_adds_up(rows, grant):
    summary = summarize((amount(price, quantity) for price, quantity in rows), grant)

    assert summary.total == sum((price * quantity for price, quantity in rows), Decimal(0))
    assert summary.grant + summary.self_funded == summary.total
    assert summary.grant == min(summary.total, grant)
    assert summary.self_funded >= 0
    assert summary.below_grant == (summary.total < grant)


def test_rows_missing_price_or_quantity_count_nothing():
    assert amount(None, Decimal("2")) is None
    assert amount(Decimal("2"), None) is None
    assert summarize([None, Decimal("5")], Decimal("20000")).total == Decimal("5")


def test_the_split_above_and_below_the_grant():
    above = summarize([Decimal("15000.00"), Decimal("12345.67")], Decimal("20000.00"))
    below = summarize([Decimal("1234.5")], Decimal("20000.00"))

    assert (above.total, above.grant, above.self_funded) == (
        Decimal("27345.67"),
        Decimal("20000.00"),
        Decimal("7345.67"),
    )
    assert (below.total, below.grant, below.self_funded) == (Decimal("1234.5"), Decimal("1234.5"), Decimal("0.0"))


@pytest.mark.django_db
def test_the_summary_of_a_saved_application_uses_its_rows_and_its_calls_grant(application):
    application.call.grant_amount = Decimal("15000.00")
    BudgetItem.objects.filter(application=application, position=1).update(
        unit_price=Decimal("0.33"), quantity=Decimal("3")
    )

    summary = budget_summary(application)

    assert (summary.total, summary.grant, summary.self_funded) == (
        Decimal("12000.99"),
        Decimal("12000.99"),
        Decimal("0.00"),
    )
    assert summary.below_grant


def test_money_is_printed_to_the_fen_rounding_half_up():
    assert money(Decimal("20000")) == "20,000.00"
    assert money(Decimal("0.125")) == "0.13"
    assert money(Decimal("1234567.8949")) == "1,234,567.89"
