"""Spending against the approved budget lines: record an expense (warnings, never refusals, for going over a line,
spending before the grant arrived, items the call's rule excludes) and the figures per line: approved, spent,
remaining, with 助推资金 and 自筹 apart."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from psyboost.audit.services import record

from ..models import BudgetLine, Expense, Grant, Project
from ..workflow import Stage
from .common import ProjectRefused, optional_text, parse_date, parse_money, project_settings_of, refuse, required_text

ZERO = Decimal("0.00")
SPENDING_STAGES = (Stage.IMPLEMENTING, Stage.CLOSING_CHECK, Stage.RECTIFICATION)


@dataclass
class LineFigures:
    line: BudgetLine
    approved: Decimal
    spent: Decimal
    grant: Decimal
    own: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.spent

    @property
    def over(self) -> bool:
        return self.spent > self.approved


@dataclass
class Accounts:
    """经费决算: per line and in total, with the grant received and its balance."""

    lines: list[LineFigures] = field(default_factory=list)
    grant_received: Decimal = ZERO

    @property
    def approved(self) -> Decimal:
        return sum((f.approved for f in self.lines), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((f.spent for f in self.lines), ZERO)

    @property
    def remaining(self) -> Decimal:
        return sum((f.remaining for f in self.lines), ZERO)

    @property
    def grant_spent(self) -> Decimal:
        return sum((f.grant for f in self.lines), ZERO)

    @property
    def own_spent(self) -> Decimal:
        return sum((f.own for f in self.lines), ZERO)

    @property
    def grant_balance(self) -> Decimal:
        return self.grant_received - self.grant_spent

    def as_json(self) -> dict:
        return {
            "lines": [
                {
                    "item": f.line.item,
                    "approved": str(f.approved),
                    "spent": str(f.spent),
                    "grant": str(f.grant),
                    "own": str(f.own),
                    "remaining": str(f.remaining),
                }
                for f in self.lines
            ],
            "approved": str(self.approved),
            "spent": str(self.spent),
            "grant_received": str(self.grant_received),
            "grant_spent": str(self.grant_spent),
            "own_spent": str(self.own_spent),
            "grant_balance": str(self.grant_balance),
        }


def accounts_of(project: Project, lines=None, expenses=None) -> Accounts:
    """The figures from the records (two queries; pass prefetched ``lines`` and ``expenses`` to make none)."""
    lines = list(lines if lines is not None else project.budget_lines.order_by("position"))
    expenses = list(expenses if expenses is not None else project.expenses.all())
    figures = {line.pk: LineFigures(line, line.approved, ZERO, ZERO, ZERO) for line in lines}
    for expense in expenses:
        figure = figures[expense.line_id]
        figure.spent += expense.amount
        if expense.source == Expense.Source.GRANT:
            figure.grant += expense.amount
        else:
            figure.own += expense.amount
    grant = Grant.objects.filter(project=project).values_list("amount", "paid_on").first()
    received = grant[0] if grant and grant[1] is not None and grant[0] is not None else ZERO
    return Accounts([figures[line.pk] for line in lines], received)


def warnings_for(project: Project, line: BudgetLine, spent_on, item: str, amount: Decimal, source: str) -> list[str]:
    found = []
    already = sum((e.amount for e in line.expenses.all()), ZERO)
    if already + amount > line.approved:
        found.append(
            _("“%(line)s”预算 %(approved)s 元，加上本笔将支出 %(total)s 元，超出 %(over)s 元。")
            % {
                "line": line.item,
                "approved": line.approved,
                "total": already + amount,
                "over": already + amount - line.approved,
            }
        )
    grant = project.grant
    if source == Expense.Source.GRANT and (grant.received_on is None or spent_on < grant.received_on):
        found.append(_("本笔从助推资金列支，但支出日期早于资金到账（或尚未确认到账）。"))
    words = [word for word in project_settings_of(project.call).excluded_words() if word in item]
    if words:
        found.append(_("支出事项含“%(words)s”，按本年度规定不得从助推资金列支，请核实。") % {"words": "、".join(words)})
    return found


@transaction.atomic
def record_expense(
    project: Project, actor, *, line_id, spent_on, item, amount, source, payee="", invoice_number="", invoice=None
) -> Expense:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.stage not in SPENDING_STAGES:
        refuse("__all__", _("项目“%(stage)s”，不能登记支出。") % {"stage": project.get_stage_display()})
    errors = {}
    line = None
    if not str(line_id or "").isdigit():
        errors["line"] = _("请选择预算科目。")
    else:
        line = BudgetLine.objects.filter(project=project, pk=int(line_id), withdrawn=False).first()
        if line is None:
            errors["line"] = _("该预算科目不存在，请从列表中选择。")
    values = {}
    for name, parse in (
        ("spent_on", lambda: parse_date(spent_on, "spent_on")),
        ("item", lambda: required_text(item, "item", 200, _("请填写支出事项。"))),
        ("amount", lambda: parse_money(amount, "amount")),
        ("payee", lambda: optional_text(payee, "payee", 200)),
        ("invoice_number", lambda: optional_text(invoice_number, "invoice_number", 50)),
    ):
        try:
            values[name] = parse()
        except ProjectRefused as refusal:
            errors.update(refusal.errors)
    if source not in Expense.Source.values:
        errors["source"] = _("请选择资金来源（助推资金或自筹）。")
    if errors:
        raise ProjectRefused(_("支出未保存，请按提示修改。"), errors)
    warnings = warnings_for(project, line, values["spent_on"], values["item"], values["amount"], source)
    expense = Expense.objects.create(
        project=project, line=line, source=source, invoice=invoice, warnings=warnings, recorded_by=actor, **values
    )
    record(
        actor,
        "projects.expense_recorded",
        project,
        expense=expense.pk,
        amount=str(expense.amount),
        line=line.item,
        warnings=warnings,
    )
    return expense
