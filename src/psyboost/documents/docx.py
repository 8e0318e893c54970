"""The printed form as DOCX (python-docx), drawn from the same blocks as the PDF (``printing``).

A DOCX cannot carry the vendored font portably, so its text asks for 宋体 (SimSun), present on every Chinese Windows
and substituted by LibreOffice and WPS elsewhere; the PDF is the copy that looks the same everywhere.

Every table's grid (``w:tblGrid``) has exactly the columns its cells cover, with the cells' widths (``_set_widths``),
so Word, WPS and LibreOffice draw the same table. Nothing is stranded at a page end: headings, captions and labels
keep with what follows (``keep_with_next``), no row splits across pages (``cantSplit``), a small table stays whole
and the 总计 row stays with the row above it.
"""

import io

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from .printing import Block, PrintedForm

FONT = "宋体"
TEXT_WIDTH = Mm(170)  # A4 less the margins
GRID_WIDTHS = (Mm(34), Mm(51), Mm(34), Mm(51))
SIGNOFF_WIDTHS = (Mm(22), Mm(148))
SMALL_TABLE_ROWS = 8  # a table this short is never split over two pages


def _font(run, size: float | None = None, bold: bool = False) -> None:
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _paragraph(container, text: str, size: float = 10.5, bold=False, align=None, space_after: float = 3):
    paragraph = container.add_paragraph()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _font(run, size, bold)
        if index < len(lines) - 1:
            run.add_break()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _keep(paragraph):
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _set_widths(table, widths) -> None:
    """The table's grid: one ``w:gridCol`` per column with its width, and each cell's ``w:tcW`` the sum of the
    columns it spans (python-docx leaves the grid at its defaults when only cells are sized)."""
    grid = table._tbl.tblGrid
    for column in list(grid):
        grid.remove(column)
    for width in widths:
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(Emu(width).twips))
        grid.append(column)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        start = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = Emu(sum(int(width) for width in widths[start : start + span]))
            start += span


def _rows_stay(table, *, whole: bool) -> None:
    """No row splits over two pages; ``whole``: the table stays on one page; else the last row (the 总计) stays
    with the row above it."""
    rows = table.rows
    for index, row in enumerate(rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if (whole and index < len(rows) - 1) or index == len(rows) - 2:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    _keep(paragraph)


def _fill(cell, text: str, bold: bool = False, center: bool = False) -> None:
    """Write ``text`` into a table cell (replacing its empty first paragraph)."""
    for paragraph in cell.paragraphs:  # a merged cell keeps one empty paragraph per cell it swallowed
        paragraph._element.getparent().remove(paragraph._element)
    _paragraph(cell, text, size=10, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER if center else None, space_after=0)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _grid(document, block: Block) -> None:
    table = document.add_table(rows=len(block.cells), cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, cells in zip(table.rows, block.cells, strict=True):
        column = 0
        for cell in cells:
            target = row.cells[column]
            if cell.span > 1:
                target = target.merge(row.cells[column + cell.span - 1])
            _fill(target, cell.text, center=cell.is_label)
            if cell.tall:
                row.height = Mm(45)
            column += cell.span
    _set_widths(table, GRID_WIDTHS)
    _rows_stay(table, whole=len(block.cells) <= SMALL_TABLE_ROWS)
    document.add_paragraph()


def _table(document, block: Block) -> None:
    if block.text:
        _keep(_paragraph(document, block.text))
    rows = [block.columns, *block.rows, *([block.total] if block.total else [])]
    table = document.add_table(rows=len(rows), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))  # the header row repeats on every page the table runs over
    for index, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        row.height = Mm(8)
        for cell, value in zip(row.cells, values, strict=True):
            _fill(cell, value, center=index == 0)
    _set_widths(table, _columns(len(block.columns)))
    _rows_stay(table, whole=len(rows) <= SMALL_TABLE_ROWS)
    document.add_paragraph()


def _columns(count: int) -> tuple:
    """Equal columns over the text width, the last one taking the rounding."""
    each = int(TEXT_WIDTH) // count
    return (*(Emu(each) for _index in range(count - 1)), Emu(int(TEXT_WIDTH) - each * (count - 1)))


def _long_text(document, block: Block) -> None:
    _keep(_paragraph(document, block.text))
    if block.note:
        _keep(_paragraph(document, block.note, size=9.5))
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    table.rows[0].height = Mm(35)
    _fill(table.rows[0].cells[0], block.body)
    table.rows[0].cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    _set_widths(table, (TEXT_WIDTH,))
    _rows_stay(table, whole=True)
    document.add_paragraph()


def _signoff(document, block: Block) -> None:
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    row = table.rows[0]
    row.height = Mm(80)
    _fill(row.cells[0], block.text, center=True)
    _set_widths(table, SIGNOFF_WIDTHS)
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    body = row.cells[1]
    body.paragraphs[0]._element.getparent().remove(body.paragraphs[0]._element)
    for cells in block.cells:
        _paragraph(
            body,
            "\t\t\t".join(cell.text for cell in cells) if cells[0].text else cells[1].text,
            align=None if cells[0].text else WD_ALIGN_PARAGRAPH.RIGHT,
            space_after=30,
        )


def _cover(document, form: PrintedForm) -> None:
    _paragraph(document, f"{form.number_label}{form.number}", size=12)
    for _blank in range(6):
        document.add_paragraph()
    _paragraph(document, form.title, size=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, form.edition, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=80)
    _paragraph(
        document, f"{form.unit_label}{form.unit_name}", size=14, space_after=12
    ).paragraph_format.left_indent = Mm(25)
    _paragraph(document, f"{form.date_label}{form.filled_on}", size=14).paragraph_format.left_indent = Mm(25)
    for _blank in range(6):
        document.add_paragraph()
    _paragraph(document, form.issuer, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, form.issued_on, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


DRAW = {"grid": _grid, "table": _table, "text": _long_text}


def render_docx(form: PrintedForm) -> bytes:
    """The DOCX of ``form``, A4, in the paper form's order."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    _cover(document, form)
    for printed in form.sections:
        _keep(_paragraph(document, printed.title, size=13, bold=True, space_after=6))
        for block in printed.blocks:
            if block.kind in DRAW:
                DRAW[block.kind](document, block)
            elif block.kind == "heading":
                _keep(_paragraph(document, block.text, size=11))
            else:  # line
                _paragraph(document, block.text, size=10.5)
    _signoff(document, form.signoff)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
