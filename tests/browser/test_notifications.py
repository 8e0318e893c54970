"""The notice list on a 375 px phone: with JavaScript, "标为已读" swaps the card and the count; without, it posts."""

import pytest
from playwright.sync_api import expect

from psyboost.notifications.models import Notice
from tests import factories
from tests.conftest import PASSWORD

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser


def make_notices(user):
    for n in range(2):
        Notice.objects.create(
            recipient=user,
            event="accepted",
            title=f"申报已受理，编号 2020-00{n + 1}",
            body="已通过形式审查。" * 8,
            link="/",
        )


def test_marking_read_on_a_phone_swaps_the_card_and_the_count(open_session):
    user = factories.UnitUserFactory(username="unit-a")
    make_notices(user)
    page = open_session(PHONE).page
    log_in(page, "unit-a", PASSWORD)
    page.goto("/notifications/")
    expect(page.locator("#notice-unread-count")).to_have_text("2 条未读")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.locator(".notice-new").first.get_by_role("button", name="标为已读").click()

    expect(page.locator("#notice-unread-count")).to_have_text("1 条未读")
    expect(page.locator(".notice-new")).to_have_count(1)
    assert page.url.endswith("/notifications/")  # swapped in place, no navigation
    assert Notice.objects.filter(read_at__isnull=True).count() == 1


def test_without_javascript_the_forms_post_and_come_back(browser, live_server, transactional_db):
    user = factories.UnitUserFactory(username="unit-a")
    make_notices(user)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    try:
        log_in(page, "unit-a", PASSWORD)
        page.goto("/notifications/")
        page.get_by_role("button", name="全部标为已读").click()
        expect(page.locator(".messages")).to_contain_text("已将2条消息标为已读。")
        expect(page.locator(".notice-new")).to_have_count(0)
    finally:
        context.close()
