"""The pages with JavaScript off: plain forms, refusals by the field with the input kept, nothing stored half."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from psyboost.projects.models import Activity, Expense, ProjectFile
from psyboost.projects.services import activities, spending
from tests import factories

from .helpers import jpeg, make_projects, paid, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    unit_user = factories.UnitUserFactory(username="unit-a", unit=project.unit)
    client.force_login(unit_user)
    return {"call": call, "staff": staff, "project": project, "unit": unit_user}


def test_unit_confirms_its_account_and_others_see_it_masked(client, world):
    project = world["project"]
    response = client.post(
        f"/projects/p/{project.pk}/account/",
        {"account_name": "甲单位", "bank": "工商银行", "account_number": "0200 0012 3456 7890", "agreed": "on"},
    )
    assert response.status_code == 302
    assert "0200001234567890" in client.get(f"/projects/p/{project.pk}/").content.decode()
    expert = factories.ExpertProfileFactory(name="评估专家")
    from psyboost.review.models import Assignment

    Assignment.objects.create(application=project.application, expert=expert, stage="closing")
    client.force_login(expert.user)
    page = client.get(f"/projects/p/{project.pk}/").content.decode()
    assert "0200001234567890" not in page and "************7890" in page


def test_a_bad_expense_is_refused_by_the_field_and_the_input_kept(client, world):
    project = paid(world["project"], world["unit"], world["staff"])
    line = project.budget_lines.first()
    response = client.post(
        f"/projects/p/{project.pk}/expenses/",
        {"line": str(line.pk), "spent_on": "2020-09-01", "item": "讲座费", "amount": "十二元", "source": "grant"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "金额必须是数字（元），例如 1200.50。" in page
    assert 'value="讲座费"' in page and 'value="十二元"' in page
    assert not Expense.objects.exists()


def test_an_activity_with_photos_and_a_disguised_file(client, world):
    project = paid(world["project"], world["unit"], world["staff"])
    data = {"held_on": "2020-09-05", "kind": "lecture", "title": "减压讲座", "participants": "80"}
    disguised = pdf("伪装.jpg")  # a PDF named .jpg: refused by its bytes
    response = client.post(f"/projects/p/{project.pk}/activities/", {**data, "photos": [disguised]})
    assert response.status_code == 200
    assert "伪装.jpg" in response.content.decode()
    assert not Activity.objects.exists() and not ProjectFile.objects.exists()
    response = client.post(
        f"/projects/p/{project.pk}/activities/", {**data, "photos": [jpeg("合影.jpg")], "sign_in": [pdf("签到表.pdf")]}
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert sorted(activity.files.values_list("kind", "original_name")) == [
        ("activity_photo", "合影.jpg"),
        ("sign_in_sheet", "签到表.pdf"),
    ]


def test_closing_materials_through_the_page(client, world):
    project = paid(world["project"], world["unit"], world["staff"])
    response = client.post(f"/projects/p/{project.pk}/closing/", {"goals": "完成", "effects": ""})
    page = response.content.decode()
    assert "请填写成效与经验。" in page and "请先上传签字盖章的结项表扫描件。" in page
    response = client.post(
        f"/projects/p/{project.pk}/closing/", {"goals": "完成", "effects": "良好", "closing_form": pdf("结项表.pdf")}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == "closing_check"


def test_staff_pay_a_batch_and_the_sheet_totals(client, world):
    from io import BytesIO

    from openpyxl import load_workbook

    call, staff = world["call"], world["staff"]
    project = world["project"]
    from .helpers import ready

    ready(project, world["unit"])
    client.force_login(staff)
    response = client.post(
        f"/projects/{call.year}/payments/",
        {"paid_on": "2020-08-05", "payer": "北京市总工会", f"pay_{project.pk}": "on", f"voucher_{project.pk}": ""},
    )
    assert "请填写凭证号。" in response.content.decode()
    response = client.post(
        f"/projects/{call.year}/payments/",
        {"paid_on": "2020-08-05", "payer": "北京市总工会", f"pay_{project.pk}": "on", f"voucher_{project.pk}": "PZ-9"},
    )
    assert response.status_code == 302
    sheet = load_workbook(BytesIO(client.get(f"/projects/{call.year}/payments/1.xlsx").content)).active
    rows = list(sheet.values)
    assert rows[1][1] == "甲单位" and rows[1][5] == 20000
    assert rows[-1][0] == "合计" and rows[-1][5] == 20000


def _fill(call, staff, count, start):
    projects = make_projects(call, staff, names=[f"单位{start + i:03d}" for i in range(count)])
    for project in projects:
        user = factories.UnitUserFactory(username=f"u{project.pk}", unit=project.unit)
        paid(project, user, staff, voucher=f"PZ{project.pk}")
        activities.record_activity(project, user, held_on="2020-09-01", kind="lecture", title="讲座", participants="10")
        spending.record_expense(
            project,
            user,
            line_id=str(project.budget_lines.first().pk),
            spent_on="2020-09-01",
            item="讲座",
            amount="100",
            source="grant",
        )
    return projects


def test_the_staff_list_makes_the_same_queries_at_two_sizes(client, world):
    call, staff = world["call"], world["staff"]
    client.force_login(staff)
    _fill(call, staff, 2, 100)
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/projects/{call.year}/").status_code == 200
    _fill(call, staff, 6, 200)
    with CaptureQueriesContext(connection) as large:
        response = client.get(f"/projects/{call.year}/")
    assert len(small) == len(large) == 17
    assert response.content.decode().count("/projects/p/") == 9
    page = response.content.decode()
    for chart in ("chart-progress", "chart-spending", "chart-types"):
        assert f'id="{chart}"' in page
    assert "psyboost/js/project-charts.js" in page
    charts = json.loads(re.search(r'<script id="project-charts" type="application/json">(.*?)</script>', page)[1])
    september = charts["progress"]["months"].index("2020-09")
    assert charts["progress"]["activities"][september] == 8 == sum(charts["progress"]["activities"])
    assert charts["types"] == [{"kind": "lecture", "label": "讲座", "count": 8, "participants": 80}]
    assert charts["spending"]["grant"] == "800.00"
    assert response.context["rows"][1]["spent_percent"] == Decimal("0.5")


def test_the_archive_streams_every_file_in_one_zip(client, world):
    import zipfile
    from io import BytesIO

    project = paid(world["project"], world["unit"], world["staff"])
    client.post(
        f"/projects/p/{project.pk}/activities/",
        {
            "held_on": "2020-09-05",
            "kind": "lecture",
            "title": "减压讲座",
            "participants": "80",
            "photos": [jpeg("合影.jpg")],
        },
    )
    client.force_login(world["staff"])
    response = client.get(f"/projects/p/{project.pk}/archive.zip")
    assert response.streaming
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''%E7%94%B2%E5%8D%95%E4%BD%8D%E5%BF%83%E7%90%86%E5%8A%A9%E6%8E%A8"
        "%E7%BB%93%E9%A1%B9%E6%9D%90%E6%96%99.zip"
    )
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert names[:3] == [
        "甲单位心理助推结项材料/结项报告.pdf",
        "甲单位心理助推结项材料/结项报告.docx",
        "甲单位心理助推结项材料/经费决算表.xlsx",
    ]
    photo = Activity.objects.get().files.get()
    assert names[-1] == f"甲单位心理助推结项材料/活动/2020-09-05 减压讲座/{photo.pk}-合影.jpg"
    assert archive.read(names[-1]) == photo.file.open("rb").read()
