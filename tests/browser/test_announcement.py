"""The announcement end to end in the browser, the clock frozen at each step (Beijing time): staff prepare and
publish; an objector files on a 375 px phone and looks the status up; staff handle the objection, fill the place
from the ranking, publish the supplementary 公示 and confirm; the unit sees its result on a phone."""

import re

import pytest
from playwright.sync_api import expect

from psyboost.announcement.models import Announcement, Objection
from psyboost.applications.workflow import State
from tests import factories
from tests.announcement.helpers import at, decided_call, ranked
from tests.conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser
SCROLL_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def clock(monkeypatch):
    """Django's clock (``timezone.now``, which every service, view and model default reads) set to a moment of
    2020; the browser and the cookies keep the real time, which the pages never show."""

    class Clock:
        def set(self, moment):
            monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return Clock()


def signed_in(page, username):
    log_in(page, username, PASSWORD)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def staff_page(open_session):
    return signed_in(open_session().page, "ann-staff")


def test_prepare_publish_object_replace_confirm(open_session, clock):
    call = decided_call()
    factories.StaffFactory(username="ann-staff")
    factories.UnitUserFactory(username="ann-unit", unit=ranked(call, 1).unit)

    clock.set(at(2020, 9, 25, 10, 0))
    page = staff_page(open_session)
    page.goto("/staff/announcement/2020/")
    page.click("a:has-text('准备公示')")
    page.fill("#id_starts_at", "2020-09-28T09:00")
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("公示期为2020年9月28日至2020年10月10日（5个工作日）")
    page.click("main form button:has-text('发布')")
    expect(page.locator(".messages")).to_contain_text("已发布")

    clock.set(at(2020, 9, 29, 10, 0))
    phone = open_session(PHONE).page
    phone.goto("/calls/2020/results/")
    expect(phone.locator("table.results-list tbody tr")).to_have_count(4)
    assert phone.evaluate(SCROLL_WIDTH) <= 375
    phone.click("a.button:has-text('提出异议')")
    phone.check("input[name=objector][value=individual]")
    phone.fill("#id_name", "张三")
    phone.fill("#id_phone", "13800001111")
    phone.select_option("#id_application", str(ranked(call, 2).pk))
    phone.fill("#id_grounds", "该单位场地面积与实际不符。")
    question = phone.locator("label[for=challenge]").inner_text()
    first, second = (int(number) for number in re.findall(r"(\d+) 加 (\d+)", question)[0])
    phone.fill("#challenge", str(first + second))
    assert phone.evaluate(SCROLL_WIDTH) <= 375
    phone.click("button:has-text('提交异议')")
    receipt = phone.locator(".receipt").inner_text()
    assert receipt == Objection.objects.get().receipt
    phone.click("text=查询异议办理状态")
    phone.fill("#id_receipt", receipt)
    phone.fill("#id_phone", "13800001111")
    phone.click("button:has-text('查询')")
    expect(phone.locator(".objection-status")).to_contain_text("已受理")

    clock.set(at(2020, 10, 12, 10, 0))
    page = staff_page(open_session)
    page.goto(f"/staff/announcement/objections/{Objection.objects.get().pk}/")
    expect(page.locator("main")).to_contain_text("张三")
    page.select_option("#id_outcome", "upheld")
    page.fill("#id_outcome_reason", "经核查属实")
    page.fill("#id_reply", "反映属实，已调整名单。")
    page.click("button:has-text('办结并答复')")
    expect(page.locator(".messages")).to_contain_text("异议已办结")
    page.goto("/staff/announcement/2020/amend/")
    expect(page.locator("main")).to_contain_text("按排名应递补：2020-005 单位05")
    page.select_option("#id_removed", str(ranked(call, 2).pk))
    page.select_option("#id_objection", str(Objection.objects.get().pk))
    page.fill("#id_statement", "经核查，该项目不符合评选条件")
    page.click("main button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("名单已调整")
    page.click("a:has-text('准备补充公示')")
    page.fill("#id_starts_at", "2020-10-13T09:00")
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("由“单位05”（编号 2020-005）递补")
    page.click("main form button:has-text('发布')")
    expect(page.locator(".messages")).to_contain_text("已发布")
    assert Announcement.objects.filter(published_at__isnull=False).count() == 2

    clock.set(at(2020, 10, 20, 10, 0))
    page = staff_page(open_session)
    page.goto("/staff/announcement/2020/")
    page.click("button:has-text('确认评选结果')")
    expect(page.locator(".messages")).to_contain_text("结果已确认：入选4个")
    assert ranked(call, 5).state == State.SELECTED

    unit = signed_in(open_session(PHONE).page, "ann-unit")
    unit.goto("/applications/mine/")
    expect(unit.locator("main")).to_contain_text("已入选")
    expect(unit.locator("a:has-text('下载入选通知书')")).to_be_visible()
    assert unit.evaluate(SCROLL_WIDTH) <= 375
    unit.goto("/calls/2020/results/")
    expect(unit.locator("main")).to_contain_text("评选结果已于2020年10月20日确认，共4个项目入选")
    assert unit.evaluate(SCROLL_WIDTH) <= 375
