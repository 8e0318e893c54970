"""The pieces of the printed form (cells, blocks, sections, the form) and how a value is written on paper.

Plain frozen data: ``printing`` fills them in the paper form's order, ``docx`` and ``pdf`` draw them.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

# Rows the paper form prints for its tables even when fewer are filled in: room to write by hand.
PAPER_ROWS = {"equipment": 5, "psych_workers": 5, "budget_items": 10}
CHOSEN, NOT_CHOSEN = "■", "□"


@dataclass(frozen=True)
class Cell:
    text: str
    is_label: bool = False
    span: int = 1  # columns of the 4-column grid this cell covers
    tall: bool = False  # a cell for a long text (单位简介, 功能分区介绍)


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "grid" | "table" | "line" | "text" | "signoff"
    text: str = ""  # heading, line, or a long text's label
    note: str = ""  # a hint under a label, e.g. the grant's note of 进度安排
    body: str = ""  # a long text's content
    cells: tuple[tuple[Cell, ...], ...] = ()  # grid rows
    columns: tuple[str, ...] = ()  # table header
    rows: tuple[tuple[str, ...], ...] = ()  # table body
    total: tuple[str, ...] = ()  # the 总计 row of a table


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PrintedForm:
    number: str  # 编号, or 草稿 for a draft
    is_draft: bool
    title: str
    edition: str
    unit_name: str
    filled_on: str  # 填表日期：2020年7月
    issuer: str
    issued_on: str  # the cover's date under the issuer: 2020年6月 (``Call.form_issue_month``)
    sections: tuple[Section, ...]
    signoff: Block
    number_label: str = "编号："
    unit_label: str = "申报单位："
    date_label: str = "填表日期："

    def fingerprint(self) -> str:
        """Changes whenever anything printed changes: the key of a stored rendering."""
        return hashlib.sha256(json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def text(value) -> str:
    """A value as the paper shows it; empty for nothing filled in."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def yes_no(value) -> str:
    yes, no = _("是"), _("否")
    return f"{CHOSEN if value is True else NOT_CHOSEN}{yes}  {CHOSEN if value is False else NOT_CHOSEN}{no}"


def year_month(value: date | None) -> str:
    return f"{value:%Y-%m}" if value else ""


def full_date(value: date | None) -> str:
    return (
        _("%(year)d年%(month)d月%(day)d日") % {"year": value.year, "month": value.month, "day": value.day}
        if value
        else ""
    )


def phones(mobile: str, landline: str) -> str:
    return " / ".join(part for part in (mobile, landline) if part)
