"""Preparing, publishing (scheduled), correcting an announcement, and the call's life cycle it moves."""

from datetime import date

import pytest

from psyboost.announcement.models import Announcement, Counting, Entry
from psyboost.announcement.services import publishing
from psyboost.audit.models import AuditEntry
from psyboost.calls.lifecycle import PublicPhase, public_phase
from psyboost.calls.models import Call
from psyboost.calls.services import CallMoveRefused, move_call, timeline
from tests import factories

from .helpers import at, decided_call, prepared, published, ranked

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return factories.StaffFactory(username="publisher")


def test_prepare_lists_the_decision_in_ranking_order_with_the_computed_end(staff):
    call = decided_call()
    announcement = prepared(call, staff)
    assert announcement.title == "关于2020年度优秀职工心理服务助推项目评选结果的公示"
    assert announcement.counting == Counting.WORKING
    assert announcement.ends_at == at(2020, 10, 11, 0, 0)
    rows = list(announcement.entries.values_list("position", "number", "unit_name", "district_union", "project_name"))
    assert rows == [
        (1, "2020-001", "单位01", "朝阳区", "单位012020年度职工心理服务项目"),
        (2, "2020-002", "单位02", "朝阳区", "单位022020年度职工心理服务项目"),
        (3, "2020-003", "单位03", "朝阳区", "单位032020年度职工心理服务项目"),
        (4, "2020-004", "单位04", "朝阳区", "单位042020年度职工心理服务项目"),
    ]
    body = publishing.render_body(announcement)
    assert "拟确定以下4个项目为2020年度优秀职工心理服务助推项目" in body
    assert "公示期为2020年9月28日至2020年10月10日（5个工作日）" in body
    assert "联系电话：83570324 83570053" in body
    assert AuditEntry.objects.filter(action="announcement.prepared").count() == 1


def test_prepare_refusals_change_nothing(staff):
    call = decided_call()
    now = at(2020, 9, 25, 10, 0)
    with pytest.raises(publishing.Invalid) as invalid:
        prepared(call, staff, starts_at=at(2020, 9, 25, 9, 59, 59), now=now)
    assert invalid.value.errors == {"starts_at": "公示开始时间（2020年9月25日 09:59）已过，请选择将来的时间。"}
    with pytest.raises(publishing.Invalid) as invalid:
        prepared(call, staff, days=0, now=now)
    assert invalid.value.errors == {"days": "公示天数至少为1天。"}
    with pytest.raises(publishing.Invalid) as invalid:
        publishing.prepare(
            call, title="", body="{nope}", starts_at=at(2020, 9, 28, 9), days=5, publisher="x",
            published_on=date(2020, 9, 28), actor=staff, now=now,
        )  # fmt: skip
    assert invalid.value.errors == {"title": "请填写标题。"}
    assert not Announcement.objects.exists()
    undecided = factories.CallFactory(year=2021)
    with pytest.raises(publishing.Refused, match="评审组尚未作出评审决定"):
        prepared(undecided, staff, starts_at=at(2021, 9, 28, 9), now=at(2021, 9, 1, 9))


def test_unknown_placeholder_is_refused(staff):
    call = decided_call()
    with pytest.raises(publishing.Invalid) as invalid:
        publishing.prepare(
            call, title="t", body="正文 {who}", starts_at=at(2020, 9, 28, 9), days=5, publisher="北京市总工会",
            published_on=date(2020, 9, 28), actor=staff, now=at(2020, 9, 25, 10),
        )  # fmt: skip
    assert list(invalid.value.errors) == ["body"]


def test_publish_is_scheduled_and_a_second_publish_is_refused(staff):
    call = decided_call()
    announcement = published(call, staff)
    call.refresh_from_db()
    assert call.status == Call.Status.ANNOUNCEMENT
    assert not announcement.is_public(at(2020, 9, 28, 8, 59, 59))
    assert announcement.is_public(at(2020, 9, 28, 9, 0, 0))
    assert announcement.is_open(at(2020, 10, 10, 23, 59, 59))
    assert not announcement.is_open(at(2020, 10, 11, 0, 0, 0))
    # Before the start the public still sees the review; from the start, the announcement.
    assert public_phase(call, at(2020, 9, 28, 8, 59)) == PublicPhase.REVIEW
    assert public_phase(call, at(2020, 9, 28, 9, 0)) == PublicPhase.ANNOUNCEMENT
    assert [label for label, _moment in timeline(call, at(2020, 9, 27))] == ["申报截止", "专家评审决定"]
    assert [label for label, _moment in timeline(call, at(2020, 9, 28, 9))] == [
        "申报截止", "专家评审决定", "结果公示（至2020年10月10日）",
    ]  # fmt: skip
    with pytest.raises(publishing.Refused, match="不能重复发布"):
        publishing.publish(announcement, actor=staff, now=at(2020, 9, 26))
    assert AuditEntry.objects.filter(action="announcement.published").count() == 1
    assert AuditEntry.objects.filter(action="calls.moved").count() == 2


def test_publish_after_the_start_has_passed_is_refused(staff):
    call = decided_call()
    announcement = prepared(call, staff)
    with pytest.raises(publishing.Refused, match="公示开始时间（2020年9月28日 09:00）已过"):
        publishing.publish(announcement, actor=staff, now=at(2020, 9, 28, 9, 0, 1))
    announcement.refresh_from_db()
    assert announcement.published_at is None


def test_a_call_never_moves_back():
    call = factories.CallFactory(year=2020, status=Call.Status.IMPLEMENTATION)
    with pytest.raises(CallMoveRefused, match="不能退回"):
        move_call(call, Call.Status.REVIEW, at=at(2020, 10, 1))
    assert move_call(call, Call.Status.IMPLEMENTATION) is None


def test_correction_keeps_the_earlier_text_and_needs_a_reason(staff):
    call = decided_call()
    announcement = published(call, staff)
    with pytest.raises(publishing.Invalid) as invalid:
        publishing.correct(announcement, title=announcement.title, body="新正文", reason=" ", actor=staff)
    assert invalid.value.errors == {"reason": "请填写更正理由。"}
    correction = publishing.correct(
        announcement, title=announcement.title, body="更正后的正文", reason="联系电话有误", actor=staff,
        now=at(2020, 9, 29, 10),
    )  # fmt: skip
    announcement.refresh_from_db()
    assert announcement.body == "更正后的正文"
    assert correction.previous_body == str(publishing.DEFAULT_BODY)
    assert (announcement.starts_at, announcement.ends_at) == (at(2020, 9, 28, 9), at(2020, 10, 11))
    assert Entry.objects.filter(announcement=announcement).count() == 4


def test_posting_is_recorded(staff):
    call = decided_call()
    announcement = published(call, staff)
    posting = publishing.record_posting(
        announcement, site="12351职工服务网", url="https://www.12351.org.cn/gs/1", posted_on=date(2020, 9, 28),
        actor=staff,
    )  # fmt: skip
    assert posting.site == "12351职工服务网"
    assert AuditEntry.objects.filter(action="announcement.posted").count() == 1


def test_the_replacement_proposal_is_the_next_in_the_ranking(staff):
    from psyboost.announcement.services.changes import proposed_replacement

    call = decided_call()
    assert proposed_replacement(call) == ranked(call, 5)
