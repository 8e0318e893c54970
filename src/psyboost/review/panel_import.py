"""Reading a sheet of experts (.xlsx or .csv) into checked rows, or into the reasons it is refused.

The reading, size and format checks are the unit-registry import's (``calls.importing``) and so are the cell
parsers (``calls.import_cells``); only the columns differ. Nothing is written here: a file with any problem yields
no rows at all, and each problem names the sheet's own row number, the column and what is wrong, in Chinese.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from psyboost.calls import importing
from psyboost.calls.import_cells import CellError, cell_text, normalize_header, parse_district_union
from psyboost.calls.importing import FileRefused, ImportProblem, ImportResult
from psyboost.review.models import Expert

HEADER_SEARCH_ROWS = importing.HEADER_SEARCH_ROWS


@dataclass(frozen=True)
class ExpertColumn:
    key: str  # the Expert field
    title: str
    required: bool
    aliases: tuple[str, ...] = ()

    @property
    def max_length(self) -> int:
        return Expert._meta.get_field(self.key).max_length


COLUMNS = (
    ExpertColumn("name", "姓名", True, ("专家姓名",)),
    ExpertColumn("organisation", "工作单位", False, ("单位", "所在单位")),
    ExpertColumn("title", "职称", False, ("职称/职务", "职务")),
    ExpertColumn("expertise", "专业领域", False, ("研究领域", "专长")),
    ExpertColumn("district_union", "所在区", False, ("所在区/产业工会", "所属区/产业工会", "区")),
    ExpertColumn("phone", "联系电话", False, ("电话", "手机", "联系方式")),
    ExpertColumn("email", "联系邮箱", False, ("邮箱", "电子邮箱")),
    ExpertColumn("kind", "类别", False, ("专家类别",)),
)
_LOOKUP = {normalize_header(name): column for column in COLUMNS for name in (column.title, *column.aliases)}
KIND_NAMES = {str(label): value for value, label in Expert.Kind.choices} | {
    "专家": Expert.Kind.EXPERT,
    "业务部门": Expert.Kind.DEPARTMENT,
}


def column_for_header(value) -> ExpertColumn | None:
    return _LOOKUP.get(normalize_header(value))


def parse_expert_file(fileobj, filename: str) -> ImportResult:
    """Check the whole file and return its rows, or every problem found (and then no rows)."""
    try:
        return _check(_rows(fileobj, filename))
    except FileRefused as refusal:
        return ImportResult(errors=[ImportProblem(None, "", str(refusal))])


def _rows(fileobj, filename: str):
    max_bytes = settings.PSYBOOST_IMPORT_MAX_BYTES
    extension = Path(filename or "").suffix.lower()
    if extension not in importing.EXTENSIONS:
        raise FileRefused(
            _("不支持的文件类型“%(ext)s”，请上传 Excel（.xlsx）或 CSV（.csv）文件。") % {"ext": extension or filename}
        )
    fileobj = importing._seekable(fileobj, max_bytes)
    size = fileobj.seek(0, io.SEEK_END)
    fileobj.seek(0)
    if size == 0:
        raise FileRefused(_("文件是空的，没有任何内容。"))
    if size > max_bytes:
        raise FileRefused(_("文件太大，最大允许 %(max)s。") % {"max": importing._megabytes(max_bytes)})
    head = fileobj.read(8)
    fileobj.seek(0)
    if extension == ".xlsx":
        return importing._xlsx_rows(fileobj, head, max_bytes)
    return importing._csv_rows(fileobj, head)


def _is_header(values) -> bool:
    return any(column_for_header(value) is COLUMNS[0] for value in values)


def _check(rows) -> ImportResult:
    header_number, header = None, None
    for number, values in rows:
        if _is_header(values):
            header_number, header = number, values
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise FileRefused(
            _("找不到表头：表头应包含“姓名”列（可选：工作单位、职称、专业领域、所在区、联系电话、联系邮箱、类别）。")
        )
    positions = {}
    errors = []
    for position, value in enumerate(header):
        column = column_for_header(value)
        if column is None:
            continue
        if column.key in positions:
            errors.append(
                ImportProblem(
                    header_number, column.title, _("表头中有两列“%(t)s”，请只保留一列。") % {"t": column.title}
                )
            )
        positions[column.key] = position
    if errors:
        return ImportResult(errors=errors)
    existing = set(Expert.objects.values_list("name", "organisation"))
    first_row_of: dict[tuple[str, str], int] = {}
    clean_rows = []
    max_rows = settings.PSYBOOST_IMPORT_MAX_ROWS
    for number, values in rows:
        if importing._is_blank(values):
            continue
        if len(clean_rows) + len(errors) >= max_rows:
            raise FileRefused(_("文件超过 %(max)d 行，请拆分后分批导入。") % {"max": max_rows})
        row, row_errors = _check_row(number, values, positions)
        key = (row.get("name", ""), row.get("organisation", ""))
        if not row_errors and key[0]:
            if key in existing:
                row_errors.append(
                    ImportProblem(
                        number,
                        "姓名",
                        _("专家“%(name)s”（%(org)s）已在专家库中。") % {"name": key[0], "org": key[1] or "—"},
                    )
                )
            first = first_row_of.setdefault(key, number)
            if first != number:
                row_errors.append(ImportProblem(number, "姓名", _("与第%(first)d行重复。") % {"first": first}))
        errors += row_errors
        if not row_errors:
            clean_rows.append(row)
    if not clean_rows and not errors:
        raise FileRefused(_("文件只有表头，没有专家数据。"))
    if errors:
        return ImportResult(errors=errors)
    return ImportResult(rows=clean_rows)


def _check_row(number: int, values: tuple, positions: dict) -> tuple[dict, list[ImportProblem]]:
    row: dict = {"row": number}
    errors = []
    for column in COLUMNS:
        if column.key not in positions:
            row[column.key] = Expert.Kind.EXPERT if column.key == "kind" else ""
            continue
        raw = values[positions[column.key]] if positions[column.key] < len(values) else None
        try:
            row[column.key] = clean_cell(column, raw)
        except CellError as problem:
            errors.append(ImportProblem(number, column.title, problem.message))
    return row, errors


def clean_cell(column: ExpertColumn, raw):
    text = cell_text(raw)
    if column.key == "kind":
        if not text:
            return Expert.Kind.EXPERT
        if text not in KIND_NAMES:
            raise CellError(_("“%(value)s”不是可用的类别，应填写“评审专家”或“业务部门成员”。") % {"value": text})
        return KIND_NAMES[text]
    if column.key == "district_union":
        return parse_district_union(raw) if text else ""
    if column.required and not text:
        raise CellError(_("%(column)s不能为空。") % {"column": column.title})
    if len(text) > column.max_length:
        raise CellError(
            _("内容过长（%(length)d 字），最多 %(max)d 字。") % {"length": len(text), "max": column.max_length}
        )
    if column.key == "email" and text:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        try:
            validate_email(text)
        except ValidationError:
            raise CellError(_("“%(value)s”不是有效的电子邮箱地址。") % {"value": text}) from None
    return text
