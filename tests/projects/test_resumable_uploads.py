"""Files sent ahead by the resumable upload (as tus finishes them: a project file with no record yet) and then named
by the record's form: an activity's photos and sign-in sheets, an expense's invoice, the receipt. A refused form
shows them again; a file another record holds, or another project's, is never claimed."""

import pytest

from psyboost.projects import files
from psyboost.projects.models import Activity, Expense, FileKind, ProjectFile
from psyboost.uploads.services import store_uploaded_file
from tests import factories

from .helpers import jpeg, make_projects, paid, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    project, other = make_projects(call, staff, names=["甲单位", "乙单位"])
    unit_user = factories.UnitUserFactory(username="unit-a", unit=project.unit)
    other_user = factories.UnitUserFactory(username="unit-b", unit=other.unit)
    paid(project, unit_user, staff)
    client.force_login(unit_user)
    return {"project": project, "other": other, "unit": unit_user, "other_user": other_user}


def _ahead(project, user, kind, upload):
    """What the tus upload leaves: the same engine, target the project."""
    return store_uploaded_file(upload, user, files.PURPOSE, kind, files.target(project))


def test_an_activity_claims_the_photos_sent_ahead_and_a_refusal_keeps_them(client, world):
    project, user = world["project"], world["unit"]
    photo = _ahead(project, user, FileKind.ACTIVITY_PHOTO, jpeg("合影.jpg"))
    sheet = _ahead(project, user, FileKind.SIGN_IN_SHEET, pdf("签到表.pdf"))
    assert (photo.activity, sheet.activity) == (None, None)
    data = {"kind": "lecture", "title": "减压讲座", "participants": "80"}
    ids = {"photos_uploaded": [str(photo.pk)], "sign_in_uploaded": [str(sheet.pk)]}

    response = client.post(f"/projects/p/{project.pk}/activities/", {**data, **ids})

    page = response.content.decode()
    assert response.status_code == 200 and "请填写日期。" in page
    assert f'<input type="hidden" name="photos_uploaded" value="{photo.pk}">' in page
    assert f'<input type="hidden" name="sign_in_uploaded" value="{sheet.pk}">' in page
    assert not Activity.objects.exists()

    response = client.post(f"/projects/p/{project.pk}/activities/", {**data, "held_on": "2020-09-05", **ids})

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert sorted(activity.files.values_list("kind", "original_name")) == [
        ("activity_photo", "合影.jpg"),
        ("sign_in_sheet", "签到表.pdf"),
    ]
    # Named again by a second activity: already claimed, so nothing moves.
    client.post(f"/projects/p/{project.pk}/activities/", {**data, "held_on": "2020-09-06", **ids})
    assert Activity.objects.latest("pk").files.count() == 0


def test_an_expense_claims_its_invoice_once_and_never_another_projects_file(client, world):
    project, other, user = world["project"], world["other"], world["unit"]
    invoice = _ahead(project, user, FileKind.INVOICE_SCAN, pdf("发票.pdf"))
    foreign = ProjectFile.objects.create(
        project=other,
        kind=FileKind.INVOICE_SCAN,
        file="projects/x.pdf",
        original_name="别人的发票.pdf",
        size=1,
        content_type="application/pdf",
        sha256="0" * 64,
    )
    line = project.budget_lines.first()
    data = {"line": str(line.pk), "spent_on": "2020-09-06", "item": "讲座", "amount": "100", "source": "grant"}
    response = client.post(f"/projects/p/{project.pk}/expenses/", {**data, "invoice_uploaded": [str(foreign.pk)]})
    assert response.status_code == 302
    assert Expense.objects.get().invoice is None
    client.post(f"/projects/p/{project.pk}/expenses/", {**data, "invoice_uploaded": [str(invoice.pk)]})
    client.post(f"/projects/p/{project.pk}/expenses/", {**data, "invoice_uploaded": [str(invoice.pk)]})
    assert list(Expense.objects.order_by("pk").values_list("invoice", flat=True)) == [None, invoice.pk, None]


def test_the_receipt_sent_ahead_confirms_the_receipt(client, world):
    project, user = world["project"], world["unit"]
    scan = _ahead(project, user, FileKind.RECEIPT_SCAN, pdf("收据.pdf"))
    response = client.post(
        f"/projects/p/{project.pk}/receipt/", {"received_on": "2020-08-06", "receipt_uploaded": [str(scan.pk)]}
    )
    assert response.status_code == 302
    project.grant.refresh_from_db()
    assert project.grant.receipt == scan


def test_a_second_receipt_is_refused_by_the_field_and_its_scan_is_not_stored(client, world):
    project = world["project"]
    first = client.post(f"/projects/p/{project.pk}/receipt/", {"received_on": "2020-08-06", "receipt": pdf("收据.pdf")})
    assert first.status_code == 302
    stored = ProjectFile.objects.filter(kind=FileKind.RECEIPT_SCAN).count()

    again = client.post(
        f"/projects/p/{project.pk}/receipt/", {"received_on": "2020-08-07", "receipt": pdf("第二张收据.pdf")}
    )

    assert "已确认到账，不能重复确认。" in again.content.decode()
    assert ProjectFile.objects.filter(kind=FileKind.RECEIPT_SCAN).count() == stored == 1
    project.grant.refresh_from_db()
    assert project.grant.received_on.isoformat() == "2020-08-06"


def test_the_fields_carry_the_upload_attributes_for_the_script(client, world):
    project = world["project"]
    page = client.get(f"/projects/p/{project.pk}/").content.decode()
    for field, kind in (("invoice", "invoice_scan"), ("photos", "activity_photo"), ("sign_in", "sign_in_sheet")):
        assert (
            f'name="{field}"' in page
            and f'data-upload-kind="{kind}" data-upload-target="{project.pk}" data-upload-field="{field}"' in page
        )
    assert "psyboost/js/project-uploads.js" in page
    closing = client.get(f"/projects/p/{project.pk}/closing/").content.decode()
    assert 'data-upload-kind="closing_form"' in closing and "psyboost/js/uploads.js" in closing
