"""Signing in through the browser: staff reach the workbench; a wrong password is told in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PASSWORD

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_staff_log_in_and_see_the_workbench(page, live_server):
    factories.StaffFactory(username="staff", display_name="陈思远")
    factories.UnitFactory.create_batch(3)

    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/staff/$"))
    log_in(page, "staff", PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/staff/")
    expect(page.locator("main h1")).to_have_text("工作台")
    expect(page.locator(".stat", has_text="名录单位").locator(".num")).to_have_text("3")
    expect(page.locator(".account .who")).to_have_text("陈思远 · 工作人员")
    expect(page.locator(".site-nav a[aria-current=page]")).to_have_text("工作台")


def test_a_wrong_password_is_refused_in_chinese(page, live_server):
    factories.StaffFactory(username="staff")

    page.goto("/accounts/login/")
    log_in(page, "staff", "not the password")

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.locator("[role=alert]")).to_have_text("用户名或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。")
    expect(page.locator("#id_username")).to_have_value("staff")
    expect(page.locator(".account .who")).to_have_count(0)
