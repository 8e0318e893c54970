"""经费预算 arithmetic, exact in Decimal: 金额 = 单价 × 数量, 总计 = Σ 金额, 总计 = 市总工会助推资金 + 单位自筹."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")


@dataclass(frozen=True)
class BudgetSummary:
    total: Decimal  # 总计
    grant: Decimal  # 市总工会助推资金 = min(总计, the call's grant)
    self_funded: Decimal  # 单位自筹 = 总计 − 助推资金
    grant_amount: Decimal  # the call's grant, for the "总计 < grant" warning

    @property
    def below_grant(self) -> bool:
        return self.total < self.grant_amount


def amount(unit_price: Decimal | None, quantity: Decimal | None) -> Decimal | None:
    """金额（元）of one row; None while 单价 or 数量 is missing."""
    if unit_price is None or quantity is None:
        return None
    return Decimal(unit_price) * Decimal(quantity)


def summarize(amounts: Iterable[Decimal | None], grant_amount: Decimal) -> BudgetSummary:
    total = sum((value for value in amounts if value is not None), ZERO)
    grant = min(total, Decimal(grant_amount))
    return BudgetSummary(total=total, grant=grant, self_funded=total - grant, grant_amount=Decimal(grant_amount))


def budget_summary(application, rows: Iterable | None = None) -> BudgetSummary:
    """The 总计 and its split for an application (its saved budget rows unless ``rows`` are given)."""
    if rows is None:
        rows = application.budget_items.all()
    return summarize((amount(row.unit_price, row.quantity) for row in rows), application.call.grant_amount)


def money(value: Decimal) -> str:
    """A sum of yuan as the form prints it, to the fen (half up): 20,000.00."""
    return f"{Decimal(value).quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def ten_thousands(amount: Decimal) -> str:
    """20000 → "2万", the way the paper names the grant."""
    return f"{(Decimal(amount) / 10000).normalize():f}万"
