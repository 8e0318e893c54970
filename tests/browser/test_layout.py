"""The layout on a 375 px phone screen: the menu opens and closes, and no page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PASSWORD

from .conftest import DESKTOP, PHONE, log_in

pytestmark = pytest.mark.browser

SCROLL_WIDTH = "document.documentElement.scrollWidth"


def test_the_phone_menu_opens_and_closes(open_session):
    factories.StaffFactory(username="staff")
    page = open_session(PHONE).page
    page.goto("/accounts/login/")
    log_in(page, "staff", PASSWORD)

    menu = page.locator(".site-nav")
    expect(page.locator(".nav-toggle-label")).to_be_visible()
    expect(menu).to_be_hidden()
    page.click(".nav-toggle-label")
    expect(menu).to_be_visible()
    expect(menu.locator("a", has_text="单位名录")).to_be_visible()
    expect(menu.locator("button", has_text="退出")).to_be_visible()
    assert page.evaluate(SCROLL_WIDTH) <= 375

    menu.locator("a", has_text="单位名录").click()
    expect(page.locator("main h1")).to_contain_text("单位名录")
    expect(menu).to_be_hidden()
    page.click(".nav-toggle-label")
    expect(menu.locator("a[aria-current=page]")).to_have_text("单位名录")
    page.click(".nav-toggle-label")
    expect(menu).to_be_hidden()


def test_the_phone_menu_opens_from_the_keyboard(open_session):
    page = open_session(PHONE).page
    page.goto("/")
    page.focus("#nav-toggle")
    page.keyboard.press("Space")
    expect(page.locator(".site-nav a", has_text="登录")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/calls/2020/"])
def test_no_sideways_scrolling_on_a_phone(open_session, path):
    factories.CallFactory(year=2020)
    page = open_session(PHONE).page
    page.goto(path)
    assert page.evaluate(SCROLL_WIDTH) <= 375
    page.click(".nav-toggle-label")
    expect(page.locator(".site-nav")).to_be_visible()
    assert page.evaluate(SCROLL_WIDTH) <= 375


@pytest.mark.parametrize("path", ["/", "/staff/", "/staff/units/", "/staff/calls/2020/", "/accounts/units/"])
def test_no_sideways_scrolling_on_a_phone_for_staff(open_session, path):
    factories.CallFactory(year=2020)
    factories.UnitFactory.create_batch(5)
    factories.StaffFactory(username="staff")
    page = open_session(PHONE).page
    page.goto("/accounts/login/")
    log_in(page, "staff", PASSWORD)
    page.goto(path)
    assert page.evaluate(SCROLL_WIDTH) <= 375


def test_the_desktop_shows_the_menu_without_a_toggle(open_session):
    page = open_session(DESKTOP).page
    page.goto("/")
    expect(page.locator(".nav-toggle-label")).to_be_hidden()
    expect(page.locator(".site-nav a", has_text="登录")).to_be_visible()
    header = page.locator(".site-header")
    assert header.evaluate("element => getComputedStyle(element).backgroundColor") == "rgb(176, 39, 45)"
    assert page.evaluate(SCROLL_WIDTH) <= DESKTOP["width"]
