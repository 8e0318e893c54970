"""Formula injection: every workbook the platform writes keeps user- and import-derived cells as text."""

import ast
import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from psyboost.core.spreadsheets import append_row

SRC = Path(__file__).resolve().parents[2] / "src" / "psyboost"
PAYLOAD = '=HYPERLINK("http://evil.example/x", "点击查看")'


def reread(workbook: Workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).active  # data_only=False: a formula would read as one


def test_append_row_writes_strings_as_text_and_keeps_numbers():
    workbook = Workbook()
    append_row(workbook.active, [PAYLOAD, "+SUM(1,2)", "-cmd|' /C calc'!A0", "@SUM(1)", "甲单位", 3, None, 2.5])
    row = list(reread(workbook)[1])
    assert [cell.data_type for cell in row[:5]] == ["s"] * 5
    assert [cell.value for cell in row] == [
        PAYLOAD,
        "+SUM(1,2)",
        "-cmd|' /C calc'!A0",
        "@SUM(1)",
        "甲单位",
        3,
        None,
        2.5,
    ]
    assert [cell.quotePrefix for cell in row[:5]] == [True, True, True, True, False]


def test_no_workbook_writer_appends_rows_itself():
    """Every module that builds a workbook writes its rows through ``append_row`` (no ``sheet.append`` or
    ``sheet.cell(value=…)`` / ``sheet["A1"] = …`` of its own)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "spreadsheets.py" and path.parent.name == "core":
            continue
        source = path.read_text(encoding="utf-8")
        if "openpyxl" not in source or "Workbook(" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cell":
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno} .cell(...)")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append":
                target = node.func.value
                if isinstance(target, ast.Name) and target.id in ("sheet", "notes", "worksheet", "ws"):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno} {target.id}.append(...)")
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript) for t in node.targets):
                for t in node.targets:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id == "sheet":
                        offenders.append(f"{path.relative_to(SRC)}:{node.lineno} sheet[...] = ...")
    assert offenders == []
