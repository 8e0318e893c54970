import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from psyboost.audit.models import AuditEntry
from psyboost.documents.models import RenderedDocument
from tests.factories import ApplicationFactory, StaffFactory, UnitUserFactory

from .conftest import IN_TIME


def disposition(name: str) -> str:
    return f"attachment; filename*=utf-8''{quote(name)}"


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def test_the_unit_downloads_the_docx_of_its_submitted_application(owner_client, submitted):
    response = owner_client.get(reverse("documents:application_docx", args=[submitted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == disposition(f"{submitted.unit.name}申报表（2020-001）.docx")
    assert response["Cache-Control"] == "private, no-store"  # personal data: never kept by the browser
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_the_docx_is_rendered_once_and_the_package_reuses_it(owner_client, submitted):
    url = reverse("documents:application_docx", args=[submitted.pk])
    first = b"".join(owner_client.get(url).streaming_content)
    again = owner_client.get(url)
    assert b"".join(again.streaming_content) == first
    stored = RenderedDocument.objects.get(kind="docx")
    assert default_storage.open(stored.file.name).read() == first
    package = owner_client.get(reverse("documents:application_package", args=[submitted.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(package.streaming_content)))
    assert archive.read(f"{submitted.unit.name}心理助推申报/申报表（2020-001）.docx") == first
    assert AuditEntry.objects.filter(action="documents.docx_rendered").count() == 1
    assert RenderedDocument.objects.filter(kind="docx").count() == 1


def test_the_pdf_is_rendered_on_the_first_request_and_kept(owner_client, submitted):
    url = reverse("documents:application_pdf", args=[submitted.pk])
    response = owner_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == disposition(f"{submitted.unit.name}申报表（2020-001）.pdf")
    assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert owner_client.get(url).status_code == 200
    assert RenderedDocument.objects.filter(kind="pdf").count() == 1


def test_the_pdf_shows_inline_when_asked(owner_client, submitted):
    response = owner_client.get(reverse("documents:application_pdf", args=[submitted.pk]) + "?inline=1")
    assert response["Content-Disposition"].startswith("inline;")


def test_the_draft_prints_too(owner_client, application):
    response = owner_client.get(reverse("documents:application_docx", args=[application.pk]))
    assert response["Content-Disposition"] == disposition(f"{application.unit.name}申报表（草稿）.docx")


def test_the_package_is_a_streamed_zip_named_after_the_unit(owner_client, submitted):
    response = owner_client.get(reverse("documents:application_package", args=[submitted.pk]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == disposition(f"{submitted.unit.name}心理助推申报.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) == 4  # PDF, DOCX, 场地照片, 设备照片


@pytest.mark.parametrize("name", ["application_docx", "application_pdf", "application_package"])
def test_another_unit_is_refused_and_staff_allowed(client, submitted, name):
    url = reverse(f"documents:{name}", args=[submitted.pk])
    client.force_login(UnitUserFactory())
    assert client.get(url).status_code == 404  # as for an application that does not exist
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


def test_signed_out_visitors_go_to_the_login_page(client, submitted):
    url = reverse("documents:application_pdf", args=[submitted.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={quote(url)}"


def test_staff_render_every_submitted_form_of_a_call(client, submitted):
    ApplicationFactory(call=submitted.call)  # a draft: not rendered
    client.force_login(StaffFactory())
    response = client.post(reverse("documents:render_all", args=[2020]), follow=True)
    assert response.redirect_chain == [(reverse("calls:staff_detail", args=[2020]), 302)]
    assert "已安排在后台生成 1 份已提交申报的 PDF 申报表。" in response.content.decode()
    rendered = RenderedDocument.objects.order_by("kind").values_list("application_id", "kind")
    assert list(rendered) == [(submitted.pk, "docx"), (submitted.pk, "pdf")]


def test_render_all_is_a_post_for_staff_only(client, submitted):
    url = reverse("documents:render_all", args=[2020])
    client.force_login(UnitUserFactory(unit=submitted.unit))
    assert client.post(url).status_code == 403
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 405
    assert client.post(reverse("documents:render_all", args=[1999])).status_code == 404


def test_an_unknown_application_is_not_found(client, db):
    client.force_login(StaffFactory())
    assert client.get(reverse("documents:application_pdf", args=[999999])).status_code == 404


def test_resubmission_after_return_is_printed_with_the_same_number(owner_client, submitted, owner):
    from psyboost.applications import services as application_services

    application_services.return_for_revision(submitted, StaffFactory(), "请核对单位人数")
    application_services.submit(submitted, owner, now=IN_TIME)
    response = owner_client.get(reverse("documents:application_docx", args=[submitted.pk]))
    assert response["Content-Disposition"] == disposition(f"{submitted.unit.name}申报表（2020-001）.docx")


@pytest.mark.parametrize("name", ["application_docx", "application_pdf", "application_package"])
def test_printed_forms_are_never_kept_in_a_browser_cache(owner_client, submitted, name):
    response = owner_client.get(reverse(f"documents:{name}", args=[submitted.pk]))
    assert response["Cache-Control"] == "private, no-store"


def test_downloads_of_printed_forms_are_audited(owner_client, owner, submitted):
    from psyboost.audit.models import AuditEntry

    for name in ("application_docx", "application_pdf", "application_package"):
        response = owner_client.get(reverse(f"documents:{name}", args=[submitted.pk]))
        b"".join(response.streaming_content) if response.streaming else response.content
    entries = AuditEntry.objects.filter(action="documents.downloaded").order_by("sequence")
    assert [(e.actor_id, e.target_id, e.data["format"]) for e in entries] == [
        (owner.pk, str(submitted.pk), "docx"),
        (owner.pk, str(submitted.pk), "pdf"),
        (owner.pk, str(submitted.pk), "zip"),
    ]


def test_an_assigned_expert_gets_the_printed_form_with_the_contacts_masked(client, submitted):
    import docx as python_docx

    from psyboost.applications.models import Application
    from tests.factories import AssignmentFactory, ExpertProfileFactory

    Application.objects.filter(pk=submitted.pk).update(state="accepted")
    expert = ExpertProfileFactory()
    AssignmentFactory(application=submitted, expert=expert)
    client.force_login(expert.user)

    document = python_docx.Document(
        io.BytesIO(client.get(reverse("documents:application_docx", args=[submitted.pk])).content)
    )
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert submitted.contact_mobile and submitted.contact_mobile not in cells
    assert submitted.contact_email not in cells and "******" in cells
    pdf = client.get(reverse("documents:application_pdf", args=[submitted.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(
        io.BytesIO(
            b"".join(client.get(reverse("documents:application_package", args=[submitted.pk])).streaming_content)
        )
    )
    assert len(archive.namelist()) == 4
