"""The web import: upload, preview, confirm once or cancel; staff only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from psyboost.calls.models import Unit, UnitImport
from tests.calls.sheets import HEADER, parse, unit_row, xlsx_bytes
from tests.factories import UnitFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, data: bytes, name: str = "名录.xlsx"):
    return client.post(reverse("calls:unit_import"), {"file": SimpleUploadedFile(name, data, content_type=XLSX)})


@pytest.mark.django_db
def test_the_unit_list_links_to_the_import(staff_client):
    page = staff_client.get(reverse("calls:unit_list")).content.decode()
    assert f'href="{reverse("calls:unit_import")}"' in page


@pytest.mark.django_db
def test_upload_preview_confirm(staff_client):
    UnitFactory(name="北京测试单位00000", named_year=2016)
    UnitFactory(name="北京测试单位00001", named_year=2017, parent_union="朝阳区总工会")
    rows = [unit_row(n) for n in range(60)]

    response = upload(staff_client, xlsx_bytes(rows))

    staged = UnitImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("calls:unit_import_preview", args=[staged.pk])
    assert Unit.objects.count() == 2

    preview = staff_client.get(response["Location"])
    page = preview.content.decode()
    assert preview.context["counts"] == {"created": 58, "updated": 1, "unchanged": 1}
    assert len(preview.context["preview"]) == 50
    assert preview.context["more"] == 10
    assert "北京测试单位00049" in page and "北京测试单位00059" not in page
    assert preview.context["new_units"][-1] == "北京测试单位00051" and "另有 8 家未列出。" in page
    assert "命名年份：2016 → 2017" in page
    assert "另有 10 行未显示。" in page
    assert reverse("calls:unit_import_confirm", args=[staged.pk]) in page

    confirmed = staff_client.post(reverse("calls:unit_import_confirm", args=[staged.pk]), follow=True)

    assert confirmed.redirect_chain == [(reverse("calls:unit_list"), 302)]
    assert "已导入“名录.xlsx”：新增 58 家，更新 1 家，未变 1 家。" in confirmed.content.decode()
    assert Unit.objects.count() == 60
    assert Unit.objects.get(name="北京测试单位00000").named_year == 2017


@pytest.mark.django_db
def test_a_preview_is_confirmed_once_only(staff_client):
    upload(staff_client, xlsx_bytes([unit_row(1)]))
    staged = UnitImport.objects.get()
    url = reverse("calls:unit_import_confirm", args=[staged.pk])
    staff_client.post(url)

    again = staff_client.post(url, follow=True)

    assert again.redirect_chain == [(reverse("calls:unit_import_preview", args=[staged.pk]), 302)]
    page = again.content.decode()
    assert "不能重复确认" in page
    assert url not in page  # no confirm button any more
    assert again.context["counts"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_cancel_imports_nothing(staff_client):
    upload(staff_client, xlsx_bytes([unit_row(1)]))
    staged = UnitImport.objects.get()

    cancelled = staff_client.post(reverse("calls:unit_import_cancel", args=[staged.pk]), follow=True)

    assert cancelled.redirect_chain == [(reverse("calls:unit_import"), 302)]
    assert "已取消导入“名录.xlsx”，名录没有变化。" in cancelled.content.decode()
    staff_client.post(reverse("calls:unit_import_confirm", args=[staged.pk]))
    assert Unit.objects.count() == 0
    assert UnitImport.objects.get().status == UnitImport.Status.CANCELLED


@pytest.mark.django_db
def test_a_refused_file_shows_the_error_table_and_stages_nothing(staff_client):
    response = upload(staff_client, xlsx_bytes([unit_row(1), ["", "火星", "x", "明年"]]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "“名录.xlsx”有 3 处问题，未导入任何单位" in page
    assert '<td class="num">第3行</td><td>单位名称</td><td>单位名称不能为空。</td>' in page
    assert "“火星”不是可用的所属区/产业工会" in page
    assert "“明年”不是年份，应填写四位数字年份，如 2017。" in page
    assert UnitImport.objects.count() == 0 and Unit.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"just text", "名录.xlsx", "文件不是有效的 Excel（.xlsx）文件"),
        (b"", "名录.xlsx", "文件是空的，没有任何内容。"),
        (b"PK\x03\x04broken", "名录.xlsx", "无法读取这个 Excel 文件"),
        (b"a,b\n", "名录.docx", "不支持的文件类型“.docx”"),
    ],
)
def test_files_that_are_not_registry_sheets_are_refused_in_chinese(staff_client, data, name, message):
    response = upload(staff_client, data, name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert UnitImport.objects.count() == 0


@pytest.mark.django_db
def test_posting_without_a_file_explains(staff_client):
    response = staff_client.post(reverse("calls:unit_import"), {})

    assert response.status_code == 200
    assert "请选择要上传的名录文件。" in response.content.decode()


@pytest.mark.django_db
def test_the_upload_page_lists_recent_imports(staff_client):
    upload(staff_client, xlsx_bytes([unit_row(1)]), "二〇二〇名录.xlsx")
    staged = UnitImport.objects.get()

    page = staff_client.get(reverse("calls:unit_import")).content.decode()

    assert f'<a href="{reverse("calls:unit_import_preview", args=[staged.pk])}">二〇二〇名录.xlsx</a>' in page
    assert "待确认" in page


@pytest.mark.django_db
def test_the_template_download_is_a_sheet_the_import_reads(staff_client):
    response = staff_client.get(reverse("calls:unit_import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]] == [
        *HEADER,
        "联系人",
        "联系电话",
        "联系邮箱",
        "单位地址",
        "统一社会信用代码",
    ]
    assert [error.message_zh for error in parse(response.content).errors] == ["文件只有表头，没有单位数据。"]


@pytest.mark.django_db
def test_confirm_and_cancel_need_post(staff_client):
    upload(staff_client, xlsx_bytes([unit_row(1)]))
    staged = UnitImport.objects.get()

    assert staff_client.get(reverse("calls:unit_import_confirm", args=[staged.pk])).status_code == 405
    assert staff_client.get(reverse("calls:unit_import_cancel", args=[staged.pk])).status_code == 405
    assert staff_client.post(reverse("calls:unit_import_confirm", args=[staged.pk + 1])).status_code == 404
    assert Unit.objects.count() == 0


@pytest.fixture
def staged(staff_user):
    return UnitImport.objects.create(
        uploaded_by=staff_user,
        filename="名录.xlsx",
        rows=[{"row": 2, "name": "甲", "district_union": "朝阳区", "parent_union": "朝阳区总工会", "named_year": 2017}],
    )


def import_urls(pk):
    return [
        ("get", reverse("calls:unit_import")),
        ("post", reverse("calls:unit_import")),
        ("get", reverse("calls:unit_import_template")),
        ("get", reverse("calls:unit_import_preview", args=[pk])),
        ("post", reverse("calls:unit_import_confirm", args=[pk])),
        ("post", reverse("calls:unit_import_cancel", args=[pk])),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unit", "expert"])
def test_units_and_experts_are_forbidden(client, staged, role, unit_user, expert_user):
    client.force_login(unit_user if role == "unit" else expert_user)
    for method, url in import_urls(staged.pk):
        assert getattr(client, method)(url).status_code == 403, url
    assert not Unit.objects.filter(name="甲").exists()
    assert UnitImport.objects.get().status == UnitImport.Status.PENDING


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client, staged):
    for method, url in import_urls(staged.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_admins_may_import(client, admin_user):
    client.force_login(admin_user)
    assert upload(client, xlsx_bytes([unit_row(1)])).status_code == 302
