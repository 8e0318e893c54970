"""Reading the federation's eligible-unit list from .xlsx or .csv into checked rows, or into the reasons it is refused.

``parse_unit_file`` never writes anything: it returns either rows ready for ``registry.apply_unit_rows`` or the
problems, each with the spreadsheet's own row number (the header is row 1 in a sheet without a title row), the
column and the problem in Chinese. A file with any problem yields no rows at all.
"""

import codecs
import csv
import io
import logging
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from psyboost.core.refusals import Refused

from .import_cells import (
    COLUMNS,
    REQUIRED_COLUMNS,
    CellError,
    Column,
    cell_text,
    clean_name,
    clean_text,
    column_for_header,
    parse_credit_code,
    parse_district_union,
    parse_email,
    parse_year,
)

logger = logging.getLogger(__name__)

EXTENSIONS = (".xlsx", ".csv")
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in the federation's sheets
MAX_COLUMNS = 64  # columns beyond this are not read
UNCOMPRESSED_FACTOR = 10  # an .xlsx may unpack to this many times the byte limit, no more (zip bombs)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls


@dataclass(frozen=True)
class ImportProblem:
    """One reason the file is refused. ``row_number`` is None (and ``column`` empty) for the file as a whole."""

    row_number: int | None
    column: str
    message_zh: str

    def __str__(self) -> str:
        if self.row_number is None:
            return self.message_zh
        where = _("第%(n)d行") % {"n": self.row_number}
        if self.column:
            return f"{where} {self.column}：{self.message_zh}"
        return f"{where}：{self.message_zh}"


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class FileRefused(Refused):
    """The file as a whole cannot be read; the message says why."""


def parse_unit_file(fileobj, filename: str) -> ImportResult:
    """Check the whole file and return its rows, or every problem found (and then no rows)."""
    try:
        return _parse(fileobj, filename)
    except FileRefused as refusal:
        return ImportResult(errors=[ImportProblem(None, "", str(refusal))])


def _parse(fileobj, filename: str) -> ImportResult:
    max_bytes = settings.PSYBOOST_IMPORT_MAX_BYTES
    extension = Path(filename or "").suffix.lower()
    if extension not in EXTENSIONS:
        if extension == ".xls":
            raise FileRefused(_("不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 .csv 后再上传。"))
        raise FileRefused(
            _("不支持的文件类型“%(ext)s”，请上传 Excel（.xlsx）或 CSV（.csv）文件。") % {"ext": extension or filename}
        )
    fileobj = _seekable(fileobj, max_bytes)
    size = fileobj.seek(0, io.SEEK_END)
    fileobj.seek(0)
    if size == 0:
        raise FileRefused(_("文件是空的，没有任何内容。"))
    if size > max_bytes:
        raise FileRefused(
            _("文件太大（%(size)s），最大允许 %(max)s。请拆分后分批导入。")
            % {"size": _megabytes(size), "max": _megabytes(max_bytes)}
        )
    head = fileobj.read(8)
    fileobj.seek(0)
    if extension == ".xlsx":
        return _check_rows(_xlsx_rows(fileobj, head, max_bytes))
    return _check_rows(_csv_rows(fileobj, head))


def _seekable(fileobj, max_bytes: int):
    if getattr(fileobj, "seekable", lambda: False)():
        return fileobj
    data = fileobj.read(max_bytes + 1)  # no further: a larger file is refused by its size anyway
    return io.BytesIO(data)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# ---- reading the sheet: rows of raw cell values with their row numbers ----------------------------------------


def _xlsx_rows(fileobj, head: bytes, max_bytes: int) -> Iterator[tuple[int, tuple]]:
    if head.startswith(OLE_MAGIC):
        raise FileRefused(_("这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。"))
    if not head.startswith(ZIP_MAGIC):
        raise FileRefused(
            _("文件不是有效的 Excel（.xlsx）文件，可能是改了扩展名的其他文件。请在 Excel 中“另存为” .xlsx 或 .csv。")
        )
    unreadable = _("无法读取这个 Excel 文件，文件可能已损坏。请在 Excel 中打开后重新“另存为” .xlsx。")
    try:
        with zipfile.ZipFile(fileobj) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise FileRefused(unreadable) from exc
    if unpacked > max_bytes * UNCOMPRESSED_FACTOR:
        raise FileRefused(_("文件解压后过大，请拆分后分批导入。"))
    fileobj.seek(0)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)  # a formula reads as its text: refused
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged or foreign file
        logger.info("unit import: openpyxl refused the file: %r", exc)
        raise FileRefused(unreadable) from exc
    try:
        yield from _guarded(_rows_of_registry_sheet(workbook), unreadable)
    finally:
        workbook.close()


def _rows_of_registry_sheet(workbook) -> Iterator[tuple[int, tuple]]:
    """The rows of the first sheet with a 单位名称 header near its top (or of the first sheet, to report on)."""
    for sheet in workbook.worksheets:
        rows = enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1)
        top = list(islice(rows, HEADER_SEARCH_ROWS))
        if any(_is_header(values) for _, values in top):
            yield from chain(top, rows)
            return
    if workbook.worksheets:
        yield from enumerate(workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1)


def _guarded(rows: Iterator, message: str) -> Iterator:
    """The rows, with whatever a damaged file makes the reader raise turned into a refusal."""
    while True:
        try:
            item = next(rows)
        except StopIteration:
            return
        except FileRefused:
            raise
        except Exception as exc:
            logger.info("unit import: reading failed: %r", exc)
            raise FileRefused(message) from exc
        yield item


def _csv_rows(fileobj, head: bytes) -> Iterator[tuple[int, tuple]]:
    if head.startswith(ZIP_MAGIC):
        raise FileRefused(_("这是 Excel（.xlsx）文件而不是 CSV 文件，请把扩展名改为 .xlsx 后再上传。"))
    data = fileobj.read()
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(_("文件不是文本格式的 CSV 表格，请在 Excel 中“另存为” CSV 或 .xlsx。"))
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count) if any(d in first_line for d in ",\t;") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from _guarded(
        enumerate((tuple(record[:MAX_COLUMNS]) for record in reader), start=1),
        _("CSV 文件格式有误（例如引号未闭合或单元格过长），无法读取。"),
    )


def _decode(data: bytes) -> str:
    """UTF-8 with or without BOM; UTF-16 with BOM (Excel's 'Unicode text'); else GB18030 (Chinese Excel's CSV)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(_("无法识别文件的文字编码，请在 Excel 中“另存为” CSV UTF-8 或 .xlsx。"))


# ---- checking: header, then every row ---------------------------------------------------------------------------


def _is_header(values: Iterable) -> bool:
    return any(column_for_header(value) is REQUIRED_COLUMNS[0] for value in values)


def _is_blank(values: Iterable) -> bool:
    return all(cell_text(value) == "" for value in values)


def _check_rows(rows: Iterator[tuple[int, tuple]]) -> ImportResult:
    max_rows = settings.PSYBOOST_IMPORT_MAX_ROWS
    header_number, header, rows = _find_header(rows)
    positions, errors = _map_columns(header_number, header)
    if errors:
        return ImportResult(errors=errors)

    checker = _RowChecker(positions, this_year=timezone.localdate().year)
    data_rows = 0
    for number, values in rows:
        if number - header_number > max_rows * 2:  # mostly blank rows: stop reading all the same
            raise _too_many_rows(max_rows)
        if _is_blank(values):
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise _too_many_rows(max_rows)
        checker.check(number, values)
    if data_rows == 0:
        raise FileRefused(_("文件只有表头，没有单位数据。"))
    if checker.errors:
        return ImportResult(errors=checker.errors)
    return ImportResult(rows=checker.rows)


def _too_many_rows(max_rows: int) -> FileRefused:
    return FileRefused(_("文件超过 %(max)d 行单位数据，请拆分后分批导入。") % {"max": max_rows})


def _find_header(rows: Iterator[tuple[int, tuple]]) -> tuple[int, tuple, Iterator]:
    """The header row: the first of the top rows that names 单位名称, else the first row with anything in it."""
    top = []
    for number, values in rows:
        top.append((number, values))
        if _is_header(values) or len(top) >= HEADER_SEARCH_ROWS:
            break
    filled = [(number, values) for number, values in top if not _is_blank(values)]
    if not filled:
        if any(True for _ in islice(rows, 1)):
            raise FileRefused(_("文件前 %(n)d 行都是空行，找不到表头。") % {"n": HEADER_SEARCH_ROWS})
        raise FileRefused(_("文件是空的，没有任何内容。"))
    for number, values in top:
        if _is_header(values):
            return number, values, rows
    number, values = filled[0]
    index = top.index(filled[0])
    return number, values, chain(top[index + 1 :], rows)


def _map_columns(header_number: int, header: tuple) -> tuple[dict[str, int], list[ImportProblem]]:
    positions: dict[str, int] = {}
    errors = []
    for position, value in enumerate(header):
        column = column_for_header(value)
        if column is None:
            continue
        if column.key in positions:
            errors.append(
                ImportProblem(
                    header_number, column.title, _("表头中有两列“%(title)s”，请只保留一列。") % {"title": column.title}
                )
            )
        positions[column.key] = position
    expected = "、".join(column.title for column in REQUIRED_COLUMNS)
    for column in REQUIRED_COLUMNS:
        if column.key not in positions:
            errors.append(
                ImportProblem(
                    header_number,
                    column.title,
                    _("缺少必填列“%(title)s”。表头应包含：%(expected)s。")
                    % {"title": column.title, "expected": expected},
                )
            )
    return positions, errors


class _RowChecker:
    """Checks one row after another; keeps the clean rows and every problem, and finds names used twice."""

    def __init__(self, positions: dict[str, int], *, this_year: int):
        self.columns: list[tuple[Column, int]] = [
            (column, positions[column.key]) for column in COLUMNS if column.key in positions
        ]
        self.this_year = this_year
        self.rows: list[dict] = []
        self.errors: list[ImportProblem] = []
        self.first_row_of: dict[str, int] = {}

    def check(self, number: int, values: tuple) -> None:
        row: dict = {"row": number}
        valid = True
        for column, position in self.columns:
            raw = values[position] if position < len(values) else None
            try:
                row[column.key] = self._clean(column, raw)
            except CellError as problem:
                self.errors.append(ImportProblem(number, column.title, problem.message))
                valid = False
        name = row.get("name")
        if name and valid and name in self.first_row_of and self._another_year(name, row):
            return  # the same unit named in another year: one unit, several named years
        if name:
            first = self.first_row_of.setdefault(name, number)
            if first != number:
                self.errors.append(
                    ImportProblem(
                        number,
                        COLUMNS[0].title,
                        _("单位名称“%(name)s”与第%(first)d行重复。") % {"name": name, "first": first},
                    )
                )
                valid = False
        if valid and not self.errors:
            self.rows.append(row)

    def _another_year(self, name: str, row: dict) -> bool:
        """Fold a repeated row of ``name`` into its first row when it only adds a named year."""
        first = next((kept for kept in self.rows if kept["name"] == name), None)
        year = row.get("named_year")
        if first is None or year is None or year in first.setdefault("named_years", [first.get("named_year")]):
            return False
        first["named_years"] = sorted([*first["named_years"], year])
        return True

    def _clean(self, column: Column, raw):
        if column.key == "name":
            return clean_name(raw)
        if column.key == "district_union":
            return parse_district_union(raw)
        if column.key == "named_year":
            return parse_year(raw, this_year=self.this_year)
        if column.key == "contact_email":
            return parse_email(raw)
        if column.key == "credit_code":
            return parse_credit_code(raw)
        return clean_text(raw, column)
