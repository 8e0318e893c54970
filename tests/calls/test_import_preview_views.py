"""The web import's preview (JS off): new units, renames and named-year changes apart; the ineligibility warning and
its ticked confirmation; problems found by matching refuse the file."""

from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psyboost.calls.models import Unit, UnitImport
from tests.calls.sheets import HEADER, xlsx_bytes
from tests.factories import BEIJING, ApplicationFactory, CallFactory, UnitFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODE = "91110000MA0000000H"
CODED_HEADER = [*HEADER, "统一社会信用代码"]
ROWS = [
    ["北京甲集团有限公司", "朝阳区", "朝阳区总工会", 2021, CODE],  # 北京甲公司 renamed, named in 2021 instead of 2017
    ["北京乙公司", "朝阳区", "朝阳区总工会", 2018, ""],  # new
]


def upload(client, rows, header=CODED_HEADER):
    data = xlsx_bytes(rows, header)
    return client.post(reverse("calls:unit_import"), {"file": SimpleUploadedFile("名录.xlsx", data, content_type=XLSX)})


@pytest.fixture
def applied_unit():
    unit = UnitFactory(name="北京甲公司", named_year=2017, credit_code=CODE)
    ApplicationFactory(
        unit=unit,
        call=CallFactory(year=2020),
        state="submitted",
        number=1,
        submitted_at=datetime(2020, 7, 1, tzinfo=BEIJING),
    )
    return unit


def test_the_preview_shows_new_units_renames_year_changes_and_the_warning(staff_client, applied_unit):
    upload(staff_client, ROWS)
    staged = UnitImport.objects.get()

    response = staff_client.get(reverse("calls:unit_import_preview", args=[staged.pk]))

    page = response.content.decode()
    assert response.context["counts"] == {"created": 1, "updated": 1, "unchanged": 0}
    assert response.context["new_units"] == ["北京乙公司"]
    assert response.context["renames"] == [("北京甲公司", "北京甲集团有限公司")]
    assert [(c.name, c.added, c.removed) for c in response.context["year_changes"]] == [
        ("北京甲集团有限公司", [2021], [2017])
    ]
    assert response.context["warnings"] == [
        "“北京甲集团有限公司”改为命名年份 2021 后，将不再符合《2020年职工心理服务助推项目》的申报范围，而它已有申报。"
    ]
    assert "<li>北京甲公司 → 北京甲集团有限公司</li>" in page
    assert 'name="accept_ineligible"' in page


def test_confirming_with_warnings_needs_the_box_ticked(staff_client, applied_unit):
    upload(staff_client, ROWS)
    staged = UnitImport.objects.get()
    url = reverse("calls:unit_import_confirm", args=[staged.pk])

    refused = staff_client.post(url)

    assert refused.status_code == 400
    assert (
        "此次导入会使 1 家已有申报的单位不再符合申报范围；请核对后勾选“我已知晓”再确认导入。"
        in refused.content.decode()
    )
    assert Unit.objects.get().name == "北京甲公司"
    assert UnitImport.objects.get().status == UnitImport.Status.PENDING

    confirmed = staff_client.post(url, {"accept_ineligible": "1"}, follow=True)

    assert "已导入“名录.xlsx”：新增 1 家，更新 1 家，未变 0 家。" in confirmed.content.decode()
    applied_unit.refresh_from_db()
    assert (applied_unit.name, applied_unit.former_name_list, applied_unit.named_years) == (
        "北京甲集团有限公司",
        ["北京甲公司"],
        [2021],
    )


def test_without_warnings_no_box_is_asked_for(staff_client):
    UnitFactory(name="北京甲公司", named_year=2017, credit_code=CODE)
    upload(staff_client, ROWS)
    staged = UnitImport.objects.get()

    assert (
        'name="accept_ineligible"'
        not in staff_client.get(reverse("calls:unit_import_preview", args=[staged.pk])).content.decode()
    )
    assert staff_client.post(reverse("calls:unit_import_confirm", args=[staged.pk])).status_code == 302
    assert sorted(Unit.objects.values_list("name", flat=True)) == ["北京乙公司", "北京甲集团有限公司"]


def test_a_bad_code_and_a_rename_onto_another_unit_are_refused_on_upload(staff_client):
    UnitFactory(name="北京甲公司", credit_code=CODE)
    UnitFactory(name="北京丙公司")
    rows = [
        ["北京丙公司", "朝阳区", "朝阳区总工会", 2017, CODE],
        ["北京丁公司", "朝阳区", "朝阳区总工会", 2017, "91110000MA0000000X"],
    ]

    response = upload(staff_client, rows)

    assert response.status_code == 200
    assert [str(problem) for problem in response.context["errors"]] == [
        "第3行 统一社会信用代码：统一社会信用代码“91110000MA0000000X”有误（校验位不符或含有不允许的字符），请核对。"
    ]
    response = upload(staff_client, rows[:1])
    assert [str(problem) for problem in response.context["errors"]] == [
        "第2行 单位名称：统一社会信用代码属于“北京甲公司”，"
        "而名录中已有名为“北京丙公司”的另一单位；如是同一单位，请先合并。"
    ]
    assert not UnitImport.objects.exists()
