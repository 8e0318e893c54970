"""A unit user holding an initial password must change it before anything else, then uses the new one."""

import pytest
from playwright.sync_api import expect

from psyboost.accounts.models import User
from tests import factories
from tests.conftest import PASSWORD

from .conftest import log_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Lantern-river-2020"


def test_an_initial_password_is_changed_at_first_login(page, live_server):
    unit = factories.UnitFactory(name="北京市朝阳区供热公司")
    factories.UnitUserFactory(username="u00001", unit=unit, must_change_password=True)

    log_in(page, "u00001", PASSWORD)

    expect(page).to_have_url(f"{live_server.url}/accounts/password/")
    expect(page.locator(".msg-warning")).to_have_text("您正在使用初始密码，请先设置新密码后再继续使用平台。")
    page.goto("/")  # anything else leads back here
    expect(page).to_have_url(f"{live_server.url}/accounts/password/")

    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("main button[type=submit]")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator(".msg-success")).to_have_text("密码已修改。")
    expect(page.locator(".account .who")).to_contain_text("北京市朝阳区供热公司")
    assert User.objects.get(username="u00001").must_change_password is False

    page.click(".account button:has-text('退出')")
    expect(page.locator(".account a", has_text="登录")).to_be_visible()
    log_in(page, "u00001", PASSWORD)
    expect(page.locator("[role=alert]")).to_contain_text("用户名或密码不正确")
    log_in(page, "u00001", NEW_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/applications/mine/")  # a unit user lands on 我的申报
    expect(page.locator(".account .who")).to_contain_text("u00001 · 北京市朝阳区供热公司 · 单位用户")
