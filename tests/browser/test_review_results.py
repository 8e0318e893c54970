"""The results side of the review on a 375 px phone: staff see the ranking, override a row with a reason on the
selection page, record the decision; the insight charts draw with JavaScript."""

import pytest
from playwright.sync_api import expect

from psyboost.review.models import Decision, ReviewPhase, Selection
from tests.conftest import PASSWORD
from tests.review.results_helpers import small

from .conftest import PHONE, log_in

pytestmark = pytest.mark.browser
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def test_staff_rank_select_with_reason_and_decide_on_a_phone(open_session):
    s = small(phase=ReviewPhase.DECISION)
    s.staff.set_password(PASSWORD)
    s.staff.save()
    page = open_session(PHONE).page
    log_in(page, "staff1", PASSWORD)

    page.goto("/review/2020/ranking/")
    expect(page.locator("table.ranking tbody tr").first).to_contain_text("2020-002")
    expect(page.locator(".quota-line")).to_be_visible()
    assert page.evaluate(SCROLL_WIDTH) <= 375

    page.goto("/review/2020/selection/")
    assert page.evaluate(SCROLL_WIDTH) <= 375
    page.uncheck(f"#sel-{s.a.pk}")
    page.check(f"#sel-{s.c.pk}")
    page.fill(f"textarea[name=reason_{s.c.pk}]", "现场交流表现突出")
    page.click("button:has-text('确认入选名单')")
    expect(page.locator("main")).to_contain_text("排名在名额线以内却未入选，须填写理由。")
    expect(page.locator(f"textarea[name=reason_{s.c.pk}]")).to_have_value("现场交流表现突出")
    page.fill(f"textarea[name=reason_{s.a.pk}]", "材料有误")
    page.click("button:has-text('确认入选名单')")
    expect(page.locator(".messages")).to_contain_text("入选名单已确认。")
    assert Selection.objects.get(application=s.c).overridden

    page.fill("#id_decided_on", "2020-10-15")
    page.check(f"input[name=members][value='{s.experts[0].pk}']")
    page.click("button:has-text('记录评审决定')")
    expect(page.locator(".messages")).to_contain_text("评审决定已记录")
    assert Decision.objects.get(call=s.call).selected_count == 2


def test_insight_charts_draw(open_session):
    s = small()
    s.staff.set_password(PASSWORD)
    s.staff.save()
    page = open_session(PHONE).page
    log_in(page, "staff1", PASSWORD)
    page.goto("/review/2020/insight/")
    expect(page.locator("#chart-experts canvas")).to_have_count(1)
    expect(page.locator("#chart-criteria canvas")).to_have_count(1)


def test_selection_with_65_rows_keeps_its_header_and_count_in_view(open_session):
    from decimal import Decimal

    from psyboost.review.models import ReviewSettings, Stage
    from tests import factories
    from tests.review.results_helpers import submit

    call = factories.CallFactory(year=2020)
    ReviewSettings.objects.create(call=call, phase=ReviewPhase.DECISION)
    criterion = factories.CriterionFactory(call=call, name="材料", max_points=Decimal("100"))
    expert = factories.ExpertProfileFactory()
    applications = [
        factories.AcceptedApplicationFactory(call=call, with_rows=False, with_photos=False) for _ in range(65)
    ]
    for index, application in enumerate(applications):
        submit(application, expert, Stage.MATERIALS, (Decimal(100) - index,), [criterion])
    staff = factories.StaffFactory(username="staff1")
    staff.set_password(PASSWORD)
    staff.save()
    page = open_session({"width": 1280, "height": 720}).page  # a laptop screen
    log_in(page, "staff1", PASSWORD)
    page.goto("/review/2020/selection/")
    count = page.locator("#selected-count")
    expect(count).to_have_text("已选 40/40")
    assert page.evaluate(SCROLL_WIDTH) <= 1280
    page.locator(f"#sel-{applications[64].pk}").scroll_into_view_if_needed()
    page.check(f"#sel-{applications[64].pk}")
    expect(count).to_have_text("已选 41/40（超过名额）")
    for locator in (count, page.locator(".selection-table thead th").first):
        box = locator.bounding_box()
        assert box is not None and 0 <= box["y"] < 720  # still in view after scrolling to the last row
    page.uncheck(f"#sel-{applications[0].pk}")
    expect(count).to_have_text("已选 40/40")
