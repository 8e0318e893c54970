"""The columns of the eligible-unit registry file and the parsers of its cells.

Every parser takes what a spreadsheet cell holds (str, int, float, date, bool or None) and returns the clean value,
or raises ``CellError`` with the problem in Chinese.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from . import credit_codes, districts
from .models import Unit

FIRST_NAMED_YEAR = 2000
_YEAR = re.compile(r"^([0-9]{4})(?:\.0+)?年?$")
# What a spreadsheet program reads as a formula: ``=…``, or ``+``/``-``/``@`` before a function or a command
# (``+HYPERLINK(…)``, ``-cmd|…``); a phone number like ``+86 10 …`` or ``-`` for none stays text.
_FORMULA = re.compile(r"^(=|[+\-@]\s*[A-Za-z(])")


class CellError(ValueError):
    """A cell's value cannot be used; the message says why, in Chinese."""

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Column:
    key: str  # the Unit field
    title: str  # the header the federation's sheet uses
    required: bool
    aliases: tuple[str, ...] = ()

    @property
    def max_length(self) -> int | None:
        return Unit._meta.get_field(self.key).max_length


COLUMNS = (
    Column("name", "单位名称", True, ("单位全称", "单位名")),
    Column(
        "district_union",
        "所属区/产业工会",
        True,
        ("所属区产业工会", "所属区或产业工会", "所属区、产业工会", "区/产业工会", "所属区/产业", "所属工会"),
    ),
    Column("parent_union", "上级工会名称", True, ("上级工会",)),
    Column("named_year", "命名年份", True, ("命名年度", "命名时间")),
    Column("contact_name", "联系人", False),
    Column("contact_phone", "联系电话", False, ("电话", "联系方式")),
    Column("contact_email", "联系邮箱", False, ("邮箱", "电子邮箱", "电子邮件")),
    Column("address", "单位地址", False, ("地址", "通讯地址")),
    Column("credit_code", "统一社会信用代码", False, ("社会信用代码", "信用代码")),
)
REQUIRED_COLUMNS = tuple(column for column in COLUMNS if column.required)


def normalize_header(value) -> str:
    """A header cell reduced to compare: full-width forms folded, spaces, required-marks and colons dropped."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split())
    return text.strip("*:").replace("\\", "/")


_HEADER_LOOKUP = {normalize_header(name): column for column in COLUMNS for name in (column.title, *column.aliases)}


def column_for_header(value) -> Column | None:
    """The column a header cell names (``单位名称*``, ``所属区／产业工会``, ``命名年份（年）`` …), or None."""
    text = normalize_header(value)
    if text in _HEADER_LOOKUP:
        return _HEADER_LOOKUP[text]
    # A note in brackets after the name: 命名年份(如2017) → 命名年份.
    without_note = re.sub(r"\([^()]*\)$", "", text)
    return _HEADER_LOOKUP.get(without_note)


def cell_text(value) -> str:
    """A cell as trimmed text with runs of whitespace (full-width spaces and line breaks too) made one space."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 83570324 as 83570324.0
    elif isinstance(value, datetime):
        value = value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.date().isoformat()
    elif isinstance(value, date):
        value = value.isoformat()
    return " ".join(str(value).split())


def refuse_formula(text: str) -> str:
    """``text`` unchanged, unless a spreadsheet program would read it as a formula."""
    if _FORMULA.match(text):
        raise CellError(
            _("单元格是公式“%(value)s”，请填写文字（在 Excel 中复制后“选择性粘贴 → 数值”）。") % {"value": text[:60]}
        )
    return text


def clean_text(value, column: Column) -> str:
    """Trimmed text, refused when a required column is empty, when it is longer than the registry keeps, or when it
    is a formula."""
    text = refuse_formula(cell_text(value))
    if column.required and not text:
        raise CellError(_("%(column)s不能为空。") % {"column": column.title})
    if column.max_length is not None and len(text) > column.max_length:
        raise CellError(
            _("内容过长（%(length)d 字），最多 %(max)d 字。") % {"length": len(text), "max": column.max_length}
        )
    return text


def clean_name(value) -> str:
    return clean_text(value, COLUMNS[0])


def parse_year(value, *, this_year: int) -> int:
    """命名年份: a four-digit year from 2000 to ``this_year``; Excel's 2017.0 and text ``2017`` or ``2017年`` pass."""
    year = None
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError(_("命名年份不能为空。"))
    if isinstance(value, bool):
        year = None
    elif isinstance(value, int):
        year = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("“%(value)s”不是年份，应填写四位数字年份，如 2017。") % {"value": cell_text(value)})
        year = int(value)
    elif isinstance(value, date):
        raise CellError(_("单元格是日期格式，应填写四位数字年份，如 2017（请把单元格格式设为“常规”）。"))
    elif isinstance(value, str):
        refuse_formula(value.strip())
        match = _YEAR.match("".join(unicodedata.normalize("NFKC", value).split()))
        year = int(match.group(1)) if match else None
    if year is None:
        raise CellError(_("“%(value)s”不是年份，应填写四位数字年份，如 2017。") % {"value": cell_text(value)})
    if year < FIRST_NAMED_YEAR:
        raise CellError(_("命名年份 %(year)d 早于 %(first)d 年。") % {"year": year, "first": FIRST_NAMED_YEAR})
    if year > this_year:
        raise CellError(_("命名年份 %(year)d 晚于今年（%(this)d 年）。") % {"year": year, "this": this_year})
    return year


def parse_district_union(value) -> str:
    """所属区/产业工会 in its canonical form (``朝阳区总工会`` → ``朝阳区``); unknown names are refused."""
    text = refuse_formula(cell_text(value))
    if not text:
        raise CellError(_("所属区/产业工会不能为空。"))
    folded = unicodedata.normalize("NFKC", text)
    canonical = districts.normalize_district_union(folded)
    if canonical is None and f"{folded}区" in districts.DISTRICTS:
        canonical = f"{folded}区"  # 西城 → 西城区
    if canonical is None:
        raise CellError(
            _(
                "“%(value)s”不是可用的所属区/产业工会。应填写北京市的区（如“朝阳区”）、“北京经济技术开发区”、"
                "市级产业工会（如“北京市教育工会”）、“中央企业在京工会”或“其他”。"
            )
            % {"value": text}
        )
    return canonical


def parse_email(value) -> str:
    text = clean_text(value, COLUMNS[6])
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(_("“%(value)s”不是有效的电子邮箱地址。") % {"value": text}) from None
    return text


def parse_credit_code(value) -> str:
    """统一社会信用代码 (optional): 18 characters with a valid check character (GB 32100-2015), upper-cased."""
    text = refuse_formula(cell_text(value))
    code = credit_codes.normalize(text)
    if code and not credit_codes.is_valid(code):
        if len(code) != credit_codes.LENGTH:
            raise CellError(_("统一社会信用代码“%(value)s”应为18位，现为%(n)d位。") % {"value": text, "n": len(code)})
        raise CellError(
            _("统一社会信用代码“%(value)s”有误（校验位不符或含有不允许的字符），请核对。") % {"value": text}
        )
    return code
