"""The call's blank form (空白申报表): the printed form of an empty application, DOCX and PDF, nothing stored."""

import io

import pytest
from django.urls import reverse
from docx import Document

from psyboost.applications.models import Application
from psyboost.documents.blank import blank_form
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_the_blank_form_has_no_number_no_unit_and_stores_nothing():
    call = CallFactory()
    form = blank_form(call)
    assert (form.number, form.unit_name, form.is_draft, form.edition) == ("", "", False, "（2020版）")
    titles = [section.title for section in form.sections]
    assert (titles[0], titles[1], titles[3]) == (
        "一、申报单位基本信息",
        "二、职工心理服务工作基础",
        "四、2020年职工心理服务项目申报",
    )
    assert Application.objects.count() == 0


def test_the_blank_form_downloads_as_docx_and_pdf(client):
    call = CallFactory()
    docx = client.get(reverse("documents:blank_form", args=[call.year, "docx"]))
    assert docx.status_code == 200
    assert docx["Content-Disposition"].startswith("attachment; filename*=utf-8''2020")
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(docx.content)).paragraphs)
    assert "职工心理服务助推项目评选申报表" in text and "草稿" not in text
    pdf = client.get(reverse("documents:blank_form", args=[call.year, "pdf"]))
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    assert client.get(reverse("documents:blank_form", args=[call.year, "odt"])).status_code == 404
    assert Application.objects.count() == 0
