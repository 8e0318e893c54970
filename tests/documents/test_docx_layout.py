"""The DOCX opens the same in Word, WPS and LibreOffice (issue 9): every table's grid (``w:tblGrid``) has exactly the
columns its cells cover, with their widths; rows never split, headings keep with what follows, the 总计 row stays
with its table; the cover carries the call's issue month."""

import io
from datetime import date

from docx import Document
from docx.oxml.ns import qn

from psyboost.documents import printing
from psyboost.documents.docx import render_docx


def grid_problems(data: bytes) -> list[str]:
    """Every table whose grid does not match its cells, described."""
    document = Document(io.BytesIO(data))
    problems = []
    for number, table in enumerate(document.tables):
        grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row_number, tr in enumerate(table._tbl.tr_lst):
            start = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                width = tc.tcPr.find(qn("w:tcW")) if tc.tcPr is not None else None
                expected = sum(grid[start : start + span])
                if width is None or int(width.get(qn("w:w"))) != expected or width.get(qn("w:type")) != "dxa":
                    problems.append(f"table {number} row {row_number}: cell at column {start} is not {expected}")
                start += span
            if start != len(grid):
                problems.append(f"table {number} row {row_number}: cells cover {start} of {len(grid)} grid columns")
    return problems


def test_every_table_grid_matches_its_cells(submitted):
    data = render_docx(printing.printed_form(submitted))

    document = Document(io.BytesIO(data))
    assert len(document.tables) >= 10  # grids, row tables, long texts and the sign-off box
    assert grid_problems(data) == []
    signoff = document.tables[-1]
    assert [int(c.get(qn("w:w"))) for c in signoff._tbl.tblGrid.findall(qn("w:gridCol"))] == [1247, 8391]


def test_the_check_finds_a_grid_that_does_not_match():
    document = Document()
    table = document.add_table(rows=1, cols=3)
    grid = table._tbl.tblGrid
    grid.remove(grid.findall(qn("w:gridCol"))[-1])  # two grid columns under three cells
    buffer = io.BytesIO()
    document.save(buffer)

    assert grid_problems(buffer.getvalue()) == [
        "table 0 row 0: cell at column 2 is not 0",
        "table 0 row 0: cells cover 3 of 2 grid columns",
    ]


def test_rows_never_split_and_headings_keep_with_what_follows(submitted):
    document = Document(io.BytesIO(render_docx(printing.printed_form(submitted))))

    for table in document.tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    headings = [
        p for p in document.paragraphs if p.text.startswith(("1.职工", "2.现有", "3.心理", "二、", "7、经费预算"))
    ]
    assert len(headings) == 5
    assert all(p.paragraph_format.keep_with_next for p in headings)


def test_the_total_row_stays_with_its_table(submitted):
    document = Document(io.BytesIO(render_docx(printing.printed_form(submitted))))

    (budget,) = [table for table in document.tables if [cell.text for cell in table.rows[0].cells][1:2] == ["支出明细"]]
    last, before = budget.rows[-1], budget.rows[-2]
    assert last.cells[0].text == "总计"
    assert all(p.paragraph_format.keep_with_next for cell in before.cells for p in cell.paragraphs)


def test_the_cover_carries_the_calls_issue_month(submitted):
    call = submitted.call
    assert printing.printed_form(submitted).issued_on == "2020年6月"  # from 开始申报时间
    call.form_issued_on = date(2020, 5, 28)
    call.save()
    submitted.refresh_from_db()

    form = printing.printed_form(submitted)

    assert form.issued_on == "2020年5月"
    paragraphs = [p.text for p in Document(io.BytesIO(render_docx(form))).paragraphs]
    assert paragraphs[paragraphs.index("北京市职工服务中心制表") + 1].startswith("2020年5月")
