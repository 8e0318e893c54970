"""Staff change a call's project settings: validated all or nothing, audited, refused when confirmed grades would
change; the reminder offsets drive the reminders."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.projects import notices
from psyboost.projects.models import ProjectSettings
from psyboost.projects.services import call_settings, closing, evaluation
from psyboost.projects.services.common import ProjectRefused
from psyboost.review.models import PanelMember
from tests import factories
from tests.projects.helpers import make_projects, paid
from tests.projects.test_closing_evaluation import _closing_form, _score_all

pytestmark = pytest.mark.django_db
GOOD = {
    "midterm_due_on": "2020-10-15",
    "closing_due_on": "2020-12-31",
    "excellent_from": "90",
    "pass_from": "65.5",
    "remind_days_before": "3",
    "remind_days_after": "2",
    "reviewers_per_project": "2",
    "excluded_items": "餐费、礼品",
    "commitment_text": "专款专用。",
}


@pytest.fixture
def world():
    call, staff = factories.CallFactory(), factories.StaffFactory(username="staff")
    (project,) = make_projects(call, staff, names=["甲单位"])
    user = factories.UnitUserFactory(unit=project.unit)
    paid(project, user, staff)
    return {"call": call, "staff": staff, "project": project, "user": user}


def test_good_values_are_stored_and_audited_with_before_and_after(world):
    call, staff = world["call"], world["staff"]
    saved = call_settings.update_settings(call, staff, **GOOD)
    assert (saved.midterm_due_on, saved.closing_due_on, saved.excellent_from, saved.pass_from) == (
        date(2020, 10, 15),
        date(2020, 12, 31),
        Decimal("90.0"),
        Decimal("65.5"),
    )
    assert (saved.remind_days_before, saved.remind_days_after, saved.reviewers_per_project) == (3, 2, 2)
    assert (saved.excluded_words(), saved.commitment_text) == (["餐费", "礼品"], "专款专用。")
    entry = AuditEntry.objects.get(action="projects.settings_changed")
    assert entry.data["changed"]["excellent_from"] == ["85.0", "90.0"]
    assert entry.data["changed"]["midterm_due_on"] == ["", "2020-10-15"]
    assert "remind_days_after" in entry.data["changed"] and "commitment_text" in entry.data["changed"]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"excellent_from": "101"}, {"excellent_from": "请填写 0–100 之间的分数，例如 85 或 72.5。"}),
        ({"pass_from": "abc"}, {"pass_from": "请填写 0–100 之间的分数，例如 85 或 72.5。"}),
        ({"pass_from": "90"}, {"pass_from": "合格分数线应低于优秀分数线。"}),
        ({"pass_from": "60.25"}, {"pass_from": "分数线最多保留一位小数。"}),
        ({"excellent_from": "NaN"}, {"excellent_from": "请填写 0–100 之间的分数，例如 85 或 72.5。"}),
        (
            {"remind_days_before": "0", "remind_days_after": "x"},
            {
                "remind_days_before": "请填写 1–60 之间的整数。",
                "remind_days_after": "请填写 1–60 之间的整数。",
            },
        ),
        ({"reviewers_per_project": "10"}, {"reviewers_per_project": "请填写 1–9 之间的整数。"}),
        ({"midterm_due_on": "2021-01-01"}, {"midterm_due_on": "中期报告提交日期应早于结项材料提交截止日期。"}),
        ({"closing_due_on": "31/12/2020"}, {"closing_due_on": "日期格式应为 年-月-日，例如 2025-07-01。"}),
        ({"commitment_text": " "}, {"commitment_text": "请填写资金使用承诺。"}),
    ],
)
def test_bad_values_are_refused_by_their_field_and_nothing_is_stored(world, changes, errors):
    with pytest.raises(ProjectRefused) as refusal:
        call_settings.update_settings(world["call"], world["staff"], **{**GOOD, **changes})
    assert refusal.value.errors == errors
    stored = ProjectSettings.objects.get(call=world["call"])
    assert (stored.excellent_from, stored.pass_from, stored.remind_days_before) == (Decimal("85"), Decimal("60"), 7)
    assert not AuditEntry.objects.filter(action="projects.settings_changed").exists()


def test_once_a_grade_is_confirmed_thresholds_that_would_change_it_are_refused(world):
    call, staff, project, user = world["call"], world["staff"], world["project"], world["user"]
    for i in range(2):
        PanelMember.objects.create(call=call, expert=factories.ExpertProfileFactory(name=f"专家{i}"))
    call_settings.update_settings(call, staff, **{**GOOD, "excellent_from": "85", "pass_from": "60"})
    _closing_form(project)
    closing.submit_closing(project, user, goals="完成", effects="好")
    closing.check_closing(project, staff, accept=True)
    evaluation.assign_experts(call, staff)
    _score_all(project, [(28, 22, 18, 14, 9), (27, 23, 19, 13, 8)])  # 91 and 90: 90.5 → 优秀
    evaluation.confirm_grade(project, staff)

    with pytest.raises(ProjectRefused) as refusal:
        call_settings.update_settings(call, staff, **{**GOOD, "excellent_from": "95", "pass_from": "60"})
    assert refusal.value.errors == {
        "excellent_from": "已有 1 个项目确认了结项等级（甲单位），新的分数线会改变它们的等级，不能修改。"
    }
    saved = call_settings.update_settings(call, staff, **{**GOOD, "excellent_from": "90.5", "pass_from": "70"})
    assert (saved.excellent_from, saved.pass_from) == (Decimal("90.5"), Decimal("70.0"))


def test_the_reminder_offsets_are_the_calls(world):
    call, staff = world["call"], world["staff"]
    # 职工心理需求调研 is due 31 August; by default it would be reminded of from 24 August.
    call_settings.update_settings(call, staff, **{**GOOD, "remind_days_before": "3", "remind_days_after": "3"})
    assert notices.send_reminders(datetime.fromisoformat("2020-08-27T09:00:00+08:00")) == 0
    assert notices.send_reminders(datetime.fromisoformat("2020-08-28T09:00:00+08:00")) == 1
    assert notices.send_reminders(datetime.fromisoformat("2020-09-02T09:00:00+08:00")) == 0
    assert notices.send_reminders(datetime.fromisoformat("2020-09-03T09:00:00+08:00")) == 1


def test_the_page_keeps_the_input_on_refusal_and_links_the_closing_rubric(client, world):
    call = world["call"]
    client.force_login(world["staff"])
    page = client.get(f"/projects/{call.year}/settings/").content.decode()
    assert f'href="/review/{call.year}/rubric/?stage=closing"' in page
    response = client.post(f"/projects/{call.year}/settings/", {**GOOD, "pass_from": "95", "excluded_items": "烟酒"})
    page = response.content.decode()
    assert response.status_code == 200 and "合格分数线应低于优秀分数线。" in page and 'value="烟酒"' in page
    response = client.post(f"/projects/{call.year}/settings/", GOOD)
    assert response.status_code == 302 and ProjectSettings.objects.get(call=call).remind_days_before == 3
