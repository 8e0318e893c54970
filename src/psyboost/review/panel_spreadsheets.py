"""The sheet of experts' initial passwords, built in memory and sent once (like the units' in accounts)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from psyboost.core.spreadsheets import append_rows

from .services.panel import IssuedExpert

COLUMN_WIDTHS = (14, 36, 12, 18, 40)


def headers() -> list[str]:
    return [_("姓名"), _("工作单位"), _("用户名"), _("初始密码"), _("登录地址")]


def rows(issued: list[IssuedExpert], login_url: str) -> list[list[str]]:
    return [[i.expert.name, i.expert.organisation, i.expert.user.username, i.password, login_url] for i in issued]


def workbook_bytes(issued: list[IssuedExpert], login_url: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("专家初始密码")
    append_rows(sheet, [headers(), *rows(issued, login_url)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    notes = workbook.create_sheet(_("说明"))
    append_rows(
        notes,
        [
            [_("生成时间：%(time)s") % {"time": timezone.localtime().strftime("%Y-%m-%d %H:%M")}],
            [_("初始密码只在本表中出现一次，平台不保存明文密码；遗失后请由工作人员在“专家账号”中重置。")],
            [_("专家首次登录后须立即修改初始密码。")],
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
