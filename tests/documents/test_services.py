import pytest
from django.core.files.storage import default_storage

from psyboost.applications import services as application_services
from psyboost.audit.models import AuditEntry
from psyboost.documents import printing, services
from psyboost.documents.models import RenderedDocument
from tests.factories import IN_THE_2020_CALL, ApplicationFactory, StaffFactory, UnitUserFactory

from .conftest import IN_TIME


def test_a_pdf_is_rendered_once_and_served_again_while_the_form_is_unchanged(submitted, owner):
    first = services.ensure_pdf(submitted, owner)
    again = services.ensure_pdf(printing.load(submitted.pk), owner)
    assert (again.pk, again.file.name, again.fingerprint) == (first.pk, first.file.name, first.fingerprint)
    assert default_storage.open(first.file.name).read(5) == b"%PDF-"
    assert first.size == default_storage.size(first.file.name)
    assert AuditEntry.objects.filter(action="documents.pdf_rendered").count() == 1


def test_a_change_to_the_form_renders_it_again_and_drops_the_old_file(
    application, owner, django_capture_on_commit_callbacks
):
    first = services.ensure_pdf(printing.load(application.pk), owner)
    old_name = first.file.name
    application_services.save_draft(
        application, {"headcount": 1300}, expected_version=application.version, actor=owner, now=IN_THE_2020_CALL
    )
    with django_capture_on_commit_callbacks(execute=True):
        second = services.ensure_pdf(printing.load(application.pk), owner)
    assert second.pk == first.pk
    assert second.version == 2
    assert second.file.name != old_name
    assert not default_storage.exists(old_name)
    assert RenderedDocument.objects.count() == 1


def test_submission_gives_a_new_rendering_with_the_number(application, owner):
    draft_pdf = services.ensure_pdf(printing.load(application.pk), owner)
    application_services.submit(application, owner, now=IN_TIME)
    submitted_pdf = services.ensure_pdf(printing.load(application.pk), owner)
    assert submitted_pdf.fingerprint != draft_pdf.fingerprint


def test_a_missing_file_is_rendered_again(submitted, owner):
    stored = services.ensure_pdf(submitted, owner)
    default_storage.delete(stored.file.name)
    assert services.current_pdf(submitted) is None
    again = services.ensure_pdf(submitted, owner)
    assert default_storage.exists(again.file.name)


def test_render_all_renders_every_submitted_application_of_the_call_in_the_background(submitted):
    draft = ApplicationFactory(call=submitted.call)
    other = ApplicationFactory(call=submitted.call)
    application_services.submit(other, UnitUserFactory(unit=other.unit), now=IN_TIME)
    staff = StaffFactory()
    assert services.request_render_all(submitted.call, staff) == 2  # the test settings run tasks immediately
    assert set(RenderedDocument.objects.values_list("application_id", flat=True)) == {submitted.pk, other.pk}
    assert not RenderedDocument.objects.filter(application=draft).exists()
    entry = AuditEntry.objects.get(action="documents.render_all_requested")
    assert (entry.actor, entry.data) == (staff, {"count": 2})


def test_the_task_skips_an_application_that_is_gone(db):
    from psyboost.documents.tasks import render_application_pdf

    assert render_application_pdf.call(999999) is False


@pytest.mark.usefixtures("clock_in_the_call")  # the draft is saved while its call is open
def test_the_docx_is_kept_per_content_hash_like_the_pdf(application, owner, django_capture_on_commit_callbacks):
    first = services.ensure_docx(printing.load(application.pk), owner)
    assert default_storage.open(first.file.name).read(2) == b"PK"
    assert services.ensure_docx(printing.load(application.pk), owner).file.name == first.file.name
    old_name = first.file.name
    application_services.save_draft(application, {"headcount": 1300}, expected_version=application.version, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.ensure_docx(printing.load(application.pk), owner)
    assert (second.pk, second.version) == (first.pk, 2)
    assert second.file.name != old_name and not default_storage.exists(old_name)
    assert AuditEntry.objects.filter(action="documents.docx_rendered").count() == 2
    assert list(RenderedDocument.objects.values_list("kind", flat=True)) == ["docx"]
