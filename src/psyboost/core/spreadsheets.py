"""Writing rows into the platform's workbooks: the one way every cell that comes from users or imports is written.

A unit name or an expert's note like ``=HYPERLINK("http://…", "点击")`` would become a live formula if openpyxl were
left to guess (it reads a string starting with ``=`` as a formula). ``append_row`` writes every string as text and
marks one that a spreadsheet program would read as a formula (``=``, ``+``, ``-``, ``@`` first) with Excel's quote
prefix, so that editing the cell keeps it text. Numbers, decimals, dates and empty cells keep their type.
"""

from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def append_row(sheet, values: Iterable) -> None:
    """Append ``values`` as the next row of ``sheet``, strings as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True


def append_rows(sheet, rows: Iterable[Iterable]) -> None:
    for values in rows:
        append_row(sheet, values)
