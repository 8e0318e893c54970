"""The announcement as PDF (the embedded CJK font, like the printed form) and DOCX (宋体, like the printed form's
DOCX), for the federation's site and the 12351 portal."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from psyboost.core.pdf import FONT_URL, html_to_pdf

from .services.publishing import day_text

FONT = "宋体"
COLUMNS = (
    gettext_lazy("序号"),
    gettext_lazy("编号"),
    gettext_lazy("单位名称"),
    gettext_lazy("所属区/产业工会"),
    gettext_lazy("项目名称"),
)


def _context(announcement) -> dict:
    from .views.public import shown

    return {"font_url": FONT_URL, "call": announcement.call, **shown(announcement)}


def announcement_pdf(announcement) -> bytes:
    return html_to_pdf(render_to_string("announcement/announcement_pdf.html", _context(announcement)))


def _run(paragraph, text: str, size: float = 12, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    run.font.size = Pt(size)
    run.bold = bold
    return run


def announcement_docx(announcement) -> bytes:
    shown = _context(announcement)
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, announcement.title, 16, bold=True)
    for line in shown["body"].split("\n"):
        _run(document.add_paragraph(), line)
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(signature, announcement.publisher)
    dated = document.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(dated, day_text(announcement.published_on))
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, _("%(year)d年度优秀职工心理服务助推项目名单") % {"year": announcement.call.year}, 14, bold=True)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(table.rows[0].cells, COLUMNS, strict=True):
        _run(cell.paragraphs[0], str(label), 10.5, bold=True)
    for entry in shown["entries"]:
        cells = table.add_row().cells
        values = (str(entry.position), entry.number, entry.unit_name, entry.district_union, entry.project_name)
        for cell, value in zip(cells, values, strict=True):
            _run(cell.paragraphs[0], value, 10.5)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
