"""Registry files built in memory for the import tests."""

import csv
import io

from openpyxl import Workbook

from psyboost.calls.importing import ImportResult, parse_unit_file

HEADER = ["单位名称", "所属区/产业工会", "上级工会名称", "命名年份"]


def unit_row(n: int, *, district: str = "朝阳区", year=2017) -> list:
    return [f"北京测试单位{n:05d}", district, f"{district}总工会", year]


def xlsx_bytes(rows, header=HEADER, *, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title is not None:
        sheet.append([title])
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER, *, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def parse(data: bytes, filename: str = "名录.xlsx") -> ImportResult:
    return parse_unit_file(io.BytesIO(data), filename)


def problems(result: ImportResult) -> list[tuple]:
    return [(p.row_number, p.column, p.message_zh) for p in result.errors]
