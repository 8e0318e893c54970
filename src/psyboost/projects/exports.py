"""Excel sheets (the call's whole workbook is ``workbook.everything``): a batch's 拨付明细 for finance (its total row
equals the sum of its lines; all batches of a fully paid call add up to quota × grant), a project's 经费决算表."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from psyboost.core.spreadsheets import append_row, append_rows

from .services.spending import accounts_of


def _book(title: str, header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    append_rows(sheet, rows)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def disbursement_sheet(batch) -> bytes:
    grants = list(batch.grants.select_related("project__unit").order_by("project__rank"))
    rows = [
        [i, g.project.unit.name, g.account_name, g.bank, g.account_number, g.amount, g.paid_on, g.voucher, g.payer]
        for i, g in enumerate(grants, start=1)
    ]
    rows.append(["合计", f"{len(grants)} 个项目", "", "", "", sum(g.amount for g in grants), "", "", ""])
    header = ["序号", "单位名称", "开户名称", "开户行", "账号", "金额（元）", "拨付日期", "凭证号", "拨付单位"]
    return _book("拨付明细", header, rows)


def final_accounts_sheet(project) -> bytes:
    """经费决算表 from the spending records: per budget line approved, spent from 助推资金 and from 自筹, in total,
    remaining; the totals; the grant received and its balance (received − spent from the grant)."""
    accounts = accounts_of(project)
    header = ["预算科目", "预算（元）", "助推资金支出（元）", "自筹支出（元）", "合计支出（元）", "剩余（元）"]
    rows = [[f.line.item, f.approved, f.grant, f.own, f.spent, f.remaining] for f in accounts.lines]
    rows.append(
        ["合计", accounts.approved, accounts.grant_spent, accounts.own_spent, accounts.spent, accounts.remaining]
    )
    rows.append(["助推资金到账（元）", accounts.grant_received, "", "", "", ""])
    rows.append(["助推资金结余（元）", accounts.grant_balance, "", "", "", ""])
    rows.append([f"{project.unit.name} · {project.call.year}年", "", "", "", "", ""])
    return _book("经费决算表", header, rows)


def final_accounts_name(project) -> str:
    return f"{project.unit.name}经费决算表（{project.call.year}年）.xlsx"
