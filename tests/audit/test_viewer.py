"""The staff's audit viewer: filters by who, what, when and object; bad filters explained; Excel export as text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from psyboost.audit.models import AuditEntry
from psyboost.audit.services import record
from tests.factories import StaffFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail():
    chen, unit_user = StaffFactory(username="chen"), UnitUserFactory(username="u001")
    record(chen, "accounts.created", unit_user, role="unit")
    record(unit_user, "applications.submitted", unit_user, reason='=HYPERLINK("http://x")')
    record(chen, "accounts.password_reset", unit_user)
    return chen, unit_user


def test_filters_by_who_what_and_object(client, trail):
    chen, unit_user = trail
    client.force_login(chen)
    url = reverse("audit:index")
    page = client.get(url, {"actor": "chen", "action": "accounts."}).content.decode()
    assert "accounts.created" in page and "accounts.password_reset" in page
    assert "applications.submitted" not in page
    page = client.get(url, {"target_type": "accounts.user", "target_id": str(unit_user.pk), "actor": "u001"})
    assert "applications.submitted" in page.content.decode()


def test_bad_filters_are_explained_and_the_rest_still_applies(client, trail):
    chen, _ = trail
    client.force_login(chen)
    response = client.get(reverse("audit:index"), {"date_from": "2020-02-30", "date_to": "x", "action": "accounts."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "请输入有效的日期，如 2020-07-01。" in page and "请输入有效的日期，如 2020-07-31。" in page
    assert "accounts.created" in page and "applications.submitted" not in page


def test_a_date_range_in_beijing_days(client, trail):
    chen, _ = trail
    client.force_login(chen)
    page = client.get(reverse("audit:index"), {"date_from": "2001-01-01", "date_to": "2001-01-02"}).content.decode()
    assert "没有符合条件的记录。" in page
    response = client.get(reverse("audit:index"), {"date_from": "2001-01-02", "date_to": "2001-01-01"})
    assert "结束日期不能早于开始日期。" in response.content.decode()


def test_export_writes_the_filtered_entries_as_text_and_is_audited(client, trail):
    chen, unit_user = trail
    client.force_login(chen)
    response = client.get(reverse("audit:export"), {"target_id": str(unit_user.pk)})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[3] for row in rows] == ["accounts.password_reset", "applications.submitted", "accounts.created"]
    reason = sheet.cell(row=3, column=8)
    assert (reason.value, reason.data_type) == ('=HYPERLINK("http://x")', "s")
    assert response["Cache-Control"] == "private, no-store"
    exported = AuditEntry.objects.get(action="audit.exported")
    assert (exported.actor_id, exported.data["rows"]) == (chen.pk, 3)


def test_dates_far_out_are_refused_not_overflowed(client, trail):
    # Found by the fuzzing: 9999-12-31 plus one day overflowed into a server error.
    chen, _ = trail
    client.force_login(chen)
    for url in (reverse("audit:index"), reverse("audit:export")):
        assert client.get(url, {"date_to": "9999-12-31", "date_from": "0001-01-01"}).status_code == 200
    page = client.get(reverse("audit:index"), {"date_to": "9999-12-31"}).content.decode()
    assert "日期须在 2000 年至 2999 年之间。" in page and "accounts.created" in page
