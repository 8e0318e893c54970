import io

import pytest
from docx import Document
from pypdf import PdfReader

from psyboost.documents import pdf, printing
from psyboost.documents.docx import render_docx

from .conftest import FILLED_VALUES, PAPER_LABELS, missing, squeeze


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:  # a merged cell appears once per column it covers
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    parts.append(cell.text)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def form(submitted):
    return printing.printed_form(submitted)


def test_the_docx_holds_every_label_and_value_of_the_form(form):
    text = docx_text(render_docx(form))
    assert missing(text, PAPER_LABELS) == []
    assert missing(text, FILLED_VALUES) == []
    assert squeeze("编号：2020-001") in squeeze(text)


def test_the_docx_keeps_the_paper_order(form):
    text = squeeze(docx_text(render_docx(form)))
    positions = [text.index(squeeze(title)) for title in ("编号：", "一、申报单位基本信息", "二、职工心理服务工作基础")]
    positions += [
        text.index("三、2019年"),
        text.index("四、2020年"),
        text.index("总计"),
        text.index("（申报单位公章）"),
    ]
    assert positions == sorted(positions)


def test_the_docx_asks_for_a_chinese_font(form):
    document = Document(io.BytesIO(render_docx(form)))
    run = document.paragraphs[0].runs[0]
    assert run.font.name == "宋体"
    assert run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        "宋体"
    )


def test_the_pdf_holds_every_label_and_value_of_the_form(form):
    text = pdf_text(pdf.render_pdf(form))
    assert missing(text, PAPER_LABELS) == []
    assert missing(text, FILLED_VALUES) == []
    assert squeeze("编号：2020-001") in squeeze(text)


def test_the_pdf_embeds_the_cjk_font(form):
    reader = PdfReader(io.BytesIO(pdf.render_pdf(form)))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts
    assert all(fonts.values())
    assert all("+Noto-Sans-SC" in name for name in fonts)  # the vendored face, subset (no system CJK font)


def test_the_pdf_of_a_draft_says_draft(application):
    text = squeeze(pdf_text(pdf.render_pdf(printing.printed_form(printing.load(application.pk)))))
    assert "编号：草稿" in text
