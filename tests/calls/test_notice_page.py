"""The public notice beside the call's text: 登录申报, the planned timeline from the call's fields, the list of eligible
units by district (searchable without JavaScript), the blank form's links, tel:/mailto: links; the favicon."""

from datetime import date

import pytest
from django.urls import reverse

from psyboost.calls import notice_page
from tests.factories import CallFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    call = CallFactory(implementation_start=date(2020, 11, 1), implementation_end=date(2021, 6, 30))
    UnitFactory(name="北京恒远物业管理有限公司", district_union="朝阳区", named_year=2016)
    UnitFactory(name="北京市海淀医院", district_union="海淀区", named_year=2017, former_names="海淀区医院")
    UnitFactory(name="北京新单位", district_union="海淀区", named_year=2020)  # not in 2015–2019
    return call


def page(client, call, query=""):
    return client.get(reverse("calls:notice", args=[call.year]) + query).content.decode()


def test_the_planned_timeline_comes_from_the_calls_fields(call):
    assert [(step.label, step.when) for step in notice_page.planned_timeline(call)] == [
        ("开始申报", "2020年6月1日"),
        ("申报截止", "2020年7月20日 23:59（北京时间）"),
        ("专家评审", "申报截止后：材料审核、现场交流"),
        ("结果公示", "评审结束后，公示期5天"),
        ("项目实施", "2020年11月1日至2021年6月30日"),
    ]


def test_the_notice_offers_login_blank_form_timeline_and_links(client, call):
    html = page(client, call)
    login = f'href="{reverse("accounts:login")}?next={reverse("applications:mine")}">登录申报</a>'
    assert login in html
    assert f'href="{reverse("documents:blank_form", args=[2020, "docx"])}"' in html
    assert f'href="{reverse("documents:blank_form", args=[2020, "pdf"])}"' in html
    assert "<strong>项目实施</strong>：2020年11月1日至2021年6月30日" in html
    assert '<a href="tel:83570324">83570324</a>、<a href="tel:83570053">83570053</a>' in html
    assert '<a href="mailto:zgxlfwzt@163.com">zgxlfwzt@163.com</a>' in html
    assert 'rel="icon" href="/static/psyboost/img/favicon.ico"' in html


def test_the_eligible_units_are_listed_by_district_and_searchable_without_javascript(client, call):
    html = page(client, call)
    assert "附：可申报单位名单（2家）" in html
    assert "<h3>朝阳区（1）</h3>" in html and "<h3>海淀区（1）</h3>" in html
    assert "<li>北京市海淀医院</li>" in html and "北京新单位" not in html
    found = page(client, call, "?q=海淀区医院")  # a former name
    assert "<li>北京市海淀医院</li>" in found and "北京恒远物业管理有限公司</li>" not in found
    assert 'value="海淀区医院"' in found
    by_district = page(client, call, "?district=朝阳区")
    assert "<li>北京恒远物业管理有限公司</li>" in by_district and "<li>北京市海淀医院</li>" not in by_district
    assert "没有符合条件的单位。" in page(client, call, "?q=不存在")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("83570324 83570053", [("83570324", "83570324"), ("83570053", "83570053")]),
        ("010-83570324、13800001111", [("010-83570324", "01083570324"), ("13800001111", "13800001111")]),
        ("", []),
        ("见通知", []),
    ],
)
def test_phones_become_tel_numbers(text, expected):
    assert notice_page.phones(text) == expected
