import re

import pytest
from django.test import Client
from django.urls import reverse

from psyboost.accounts.models import Role, User
from psyboost.audit.models import AuditEntry
from tests.accounts.helpers import post_login, read_sheet
from tests.factories import ExpertFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("calls:unit_accounts")
CREATE = reverse("calls:unit_accounts_create")
PASSWORD = re.compile(r"^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$")


def test_list_shows_units_with_their_accounts_and_counts(staff_client):
    with_account = UnitFactory(name="北京市第一热力公司")
    UnitFactory(name="北京地铁运营公司")
    UnitUserFactory(unit=with_account, username="u-heat", display_name="王芳")
    UnitUserFactory(unit=with_account, username="u-heat-2", is_active=False)

    response = staff_client.get(LIST)

    assert response.status_code == 200
    assert response.context["summary"] == {"total": 2, "with_account": 1, "without_account": 1}
    page = response.content.decode()
    assert "北京市第一热力公司" in page and "北京地铁运营公司" in page
    assert "<code>u-heat</code> 王芳" in page
    assert "已停用" in page
    assert "名录中所有尚无账号的单位（1 家）" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["朝阳一厂", "朝阳二厂", "海淀一所"]),
        ({"district_union": "朝阳区"}, ["朝阳一厂", "朝阳二厂"]),
        ({"has_account": "yes"}, ["朝阳一厂"]),
        ({"has_account": "no"}, ["朝阳二厂", "海淀一所"]),
        ({"district_union": "朝阳区", "has_account": "no"}, ["朝阳二厂"]),
        ({"q": "一"}, ["朝阳一厂", "海淀一所"]),
        ({"district_union": "不存在的区", "has_account": "maybe"}, ["朝阳一厂", "朝阳二厂", "海淀一所"]),
    ],
)
def test_list_filters(staff_client, query, expected):
    UnitUserFactory(unit=UnitFactory(name="朝阳一厂", district_union="朝阳区"))
    UnitFactory(name="朝阳二厂", district_union="朝阳区")
    UnitFactory(name="海淀一所", district_union="海淀区")

    response = staff_client.get(LIST, query)

    assert response.status_code == 200
    assert sorted(unit.name for unit in response.context["page"]) == sorted(expected)


def test_list_is_paginated_and_pages_keep_the_filters(staff_client):
    for number in range(55):
        UnitFactory(name=f"朝阳单位{number:03d}", district_union="朝阳区")
    UnitFactory(name="海淀单位", district_union="海淀区")

    first = staff_client.get(LIST, {"district_union": "朝阳区"})
    second = staff_client.get(LIST, {"district_union": "朝阳区", "page": 2})

    assert len(first.context["page"]) == 50
    assert "?district_union=%E6%9C%9D%E9%98%B3%E5%8C%BA&amp;page=2" in first.content.decode()
    assert [unit.name for unit in second.context["page"]] == [f"朝阳单位{n:03d}" for n in range(50, 55)]


def _populate(units: int) -> None:
    for number in range(units):
        unit = UnitFactory(name=f"单位{number:04d}")
        if number % 3:
            UnitUserFactory(unit=unit)
            UnitUserFactory(unit=unit, is_active=False)


@pytest.mark.parametrize("units", [3, 120])
def test_list_takes_the_same_number_of_queries_whatever_the_size(staff_client, django_assert_num_queries, units):
    _populate(units)
    # session, user, summary, filtered count without account, page count, page of units, their users, and the
    # header's unread-notice count
    with django_assert_num_queries(8):
        response = staff_client.get(LIST, {"has_account": "yes"})
    assert response.status_code == 200


# ---- bulk creation ----------------------------------------------------------------------------------------------


def test_bulk_creation_downloads_the_sheet_whose_passwords_work_and_must_be_changed(staff_client):
    heat = UnitFactory(name="北京市第一热力公司", district_union="朝阳区")
    metro = UnitFactory(name="北京地铁运营公司", district_union="北京市交通运输工会")
    UnitUserFactory(unit=UnitFactory(name="已有账号的单位"), username="old")

    response = staff_client.post(CREATE, {"scope": "all"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "no-store" in response["Cache-Control"]
    rows = read_sheet(response.content)
    assert rows[0] == ["单位名称", "所属区/产业工会", "用户名", "初始密码", "登录地址"]
    by_name = {row[0]: row for row in rows[1:]}
    assert len(rows) == 3
    assert by_name["北京市第一热力公司"][1:3] == ["朝阳区", f"u{heat.pk:05d}"]
    assert by_name["北京地铁运营公司"][1:3] == ["北京市交通运输工会", f"u{metro.pk:05d}"]
    assert {row[4] for row in rows[1:]} == {"http://testserver/accounts/login/"}
    assert all(PASSWORD.match(row[3]) for row in rows[1:])
    assert User.objects.filter(role=Role.UNIT).count() == 3

    client = Client()
    _, _, username, password, _ = by_name["北京地铁运营公司"]
    login = post_login(client, username, password)
    assert login.status_code == 302
    assert client.get(reverse("workbench:home")).url == reverse("accounts:password_change")


def test_bulk_creation_can_be_limited_to_the_filtered_units(staff_client):
    chaoyang = UnitFactory(name="朝阳一厂", district_union="朝阳区")
    UnitFactory(name="海淀一所", district_union="海淀区")

    response = staff_client.post(CREATE, {"scope": "filtered", "district_union": "朝阳区"})

    rows = read_sheet(response.content)
    assert [row[:3] for row in rows[1:]] == [["朝阳一厂", "朝阳区", f"u{chaoyang.pk:05d}"]]
    entry = AuditEntry.objects.get(action="accounts.unit_accounts_created")
    assert entry.data["scope"] == {"scope": "filtered", "district_union": "朝阳区"}
    assert (entry.data["created"], entry.data["skipped"]) == (1, 0)


def test_bulk_scope_all_ignores_the_filters(staff_client):
    UnitFactory(district_union="朝阳区")
    UnitFactory(district_union="海淀区")

    response = staff_client.post(CREATE, {"scope": "all", "district_union": "朝阳区"})

    assert len(read_sheet(response.content)) == 3


def test_bulk_creation_with_nothing_to_do_says_so(staff_client):
    UnitUserFactory(unit=UnitFactory())
    page = staff_client.get(LIST).content.decode()
    assert "名录中的单位都已有账号。" in page
    assert CREATE not in page

    response = staff_client.post(CREATE, {"scope": "all"}, follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "所选范围内的单位都已有账号，没有创建新账号。" in response.content.decode()
    assert not AuditEntry.objects.filter(action="accounts.unit_accounts_created").exists()


def test_bulk_creation_without_a_scope_is_refused_with_a_message(staff_client):
    UnitFactory()

    response = staff_client.post(CREATE, {"scope": "everything"}, follow=True)

    assert "请选择为哪些单位创建账号。" in response.content.decode()
    assert not User.objects.filter(role=Role.UNIT).exists()


def test_bulk_creation_is_post_only(staff_client):
    assert staff_client.get(CREATE).status_code == 405


def test_after_the_download_the_list_tells_what_happened(staff_client):
    UnitFactory.create_batch(2)
    staff_client.post(CREATE, {"scope": "all"})

    page = staff_client.get(LIST).content.decode()

    assert "已为 2 家单位创建账号，初始密码表已随之下载。" in page


# ---- one more user for a unit -----------------------------------------------------------------------------------


def test_add_a_second_user_to_a_unit_shows_the_password_once(staff_client):
    unit = UnitFactory(name="北京市第一热力公司")
    UnitUserFactory(unit=unit, username=f"u{unit.pk:05d}")
    url = reverse("calls:unit_user_add", args=[unit.pk])

    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"username": "", "display_name": "张伟", "phone": ""})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [row] = response.context["rows"]
    assert row[:3] == ["北京市第一热力公司", "朝阳区", f"u{unit.pk:05d}-2"]
    assert f"<code>{row[3]}</code>" in response.content.decode()
    assert 'download="初始密码-' in response.content.decode()
    assert User.objects.filter(unit=unit).count() == 2
    assert post_login(Client(), row[2], row[3]).status_code == 302


def test_add_user_with_a_taken_or_bad_username_keeps_the_input(staff_client):
    unit = UnitFactory()
    ExpertFactory(username="wangfang")
    url = reverse("calls:unit_user_add", args=[unit.pk])

    taken = staff_client.post(url, {"username": "WangFang", "display_name": "王芳"})
    bad = staff_client.post(url, {"username": "王 芳!", "display_name": "王芳"})

    assert "用户名“WangFang”已被使用，请换一个。" in taken.content.decode()
    assert 'value="王芳"' in taken.content.decode()
    assert "用户名只能包含字母、数字和 @ . + - _ 字符。" in bad.content.decode()
    assert not User.objects.filter(unit=unit).exists()


def test_add_user_to_a_missing_unit_is_404(staff_client):
    assert staff_client.get(reverse("calls:unit_user_add", args=[999999])).status_code == 404
