"""The sheet of initial passwords handed to staff when accounts are created or reset.

It is built in memory and sent in the same response: the passwords exist nowhere else, so a sheet that was not
downloaded cannot be fetched again (reset the passwords instead).
"""

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from psyboost.core.spreadsheets import append_row

from .services import IssuedPassword

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_WIDTHS = (40, 20, 14, 18, 40)


def headers() -> list[str]:
    return [_("单位名称"), _("所属区/产业工会"), _("用户名"), _("初始密码"), _("登录地址")]


def credential_rows(issued: Iterable[IssuedPassword], login_url: str) -> list[list[str]]:
    return [[item.unit_name, item.district_union, item.user.username, item.password, login_url] for item in issued]


def credentials_workbook(issued: Iterable[IssuedPassword], login_url: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("初始密码")
    append_row(sheet, headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in credential_rows(issued, login_url):
        append_row(sheet, row)
    for letter, width in zip("ABCDE", COLUMN_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet(_("说明"))
    for line in (
        _("本表由北京市总工会职工心理服务助推项目平台于 %(time)s 生成。")
        % {"time": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        _("初始密码只在本表中出现一次，平台不保存明文密码；遗失后请由工作人员重置密码。"),
        _("首次登录后须立即修改初始密码。"),
        _("请妥善保管本表，分发到各单位后及时删除。"),
    ):
        append_row(notes, [line])
    notes.column_dimensions["A"].width = 80

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def credentials_filename(prefix: str) -> str:
    return f"{prefix}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
