"""A closed call in Chromium: no start button on 我的申报, the form leads to the read-only page saying why, and the
autosave is refused (409 with the reason), so nothing typed after the deadline is stored."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from psyboost.applications.models import Application
from tests.clock import DEFAULT_INSTANT
from tests.conftest import PASSWORD
from tests.factories import CallFactory, DraftApplicationFactory, UnitFactory, UnitUserFactory

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def closed_call(transactional_db):
    """The call's deadline passed yesterday (dates relative to the tests' clock, which the live server reads too)."""
    return CallFactory(opens_at=DEFAULT_INSTANT - timedelta(days=40), deadline=DEFAULT_INSTANT - timedelta(days=1))


def test_a_closed_call_shows_no_start_button(page, closed_call):
    UnitUserFactory(username="unit-new", unit=UnitFactory())
    log_in(page, "unit-new", PASSWORD)

    page.goto("/applications/mine/")

    expect(page.locator("main")).to_contain_text("不在申报期内，不能开始填写。")
    expect(page.get_by_role("button", name="开始填写申报表")).to_have_count(0)


def test_a_closed_call_refuses_the_form_and_the_autosave(page, closed_call):
    draft = DraftApplicationFactory(call=closed_call, headcount=100)
    UnitUserFactory(username="unit-a", unit=draft.unit)
    log_in(page, "unit-a", PASSWORD)

    page.goto(f"/applications/{draft.pk}/form/basic/")

    expect(page).to_have_url(f"{page.url.split('/applications/')[0]}/applications/{draft.pk}/")
    expect(page.locator("main")).to_contain_text("申报表不能再修改")
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    answer = page.evaluate(
        """async ([url, token, version]) => {
            const response = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json",
                "X-CSRFToken": token}, body: JSON.stringify({section: "basic", version, data: {headcount: "5"}})});
            return [response.status, (await response.json()).error];
        }""",
        [f"/applications/{draft.pk}/autosave/", token, draft.version],
    )
    assert answer[0] == 409
    assert answer[1].startswith("申报已于北京时间")
    assert Application.objects.get(pk=draft.pk).headcount == 100
