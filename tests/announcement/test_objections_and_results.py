"""Objections (window, anonymity, files, handling), changes to the list, confirmation and the result notices."""

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from psyboost.announcement.models import Amendment, Announcement, Confirmation, Objection, ObjectionFile
from psyboost.announcement.services import changes, confirmation, objections
from psyboost.announcement.services.publishing import Invalid, Refused, current_selection
from psyboost.announcement.signals import results_confirmed
from psyboost.applications.workflow import State
from psyboost.audit.models import AuditEntry
from psyboost.calls.models import Call
from psyboost.notifications.models import Notice
from psyboost.review.models import Selection
from tests import factories

from .helpers import at, decided_call, published, ranked

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DURING = at(2020, 9, 29, 10, 0)


@pytest.fixture
def staff():
    return factories.StaffFactory(username="handler", email="handler@example.org")


@pytest.fixture
def call(staff):
    call = decided_call()
    published(call, staff)
    return call


def person(call, **extra):
    return {
        "objector": "individual", "name": "张三", "phone": "13800001111", "email": "zhang@example.org",
        "grounds": "该单位心理服务场地面积与实际不符。", "application": ranked(call, 2), **extra,
    }  # fmt: skip


def test_an_individual_files_during_the_window_and_gets_a_receipt(call):
    evidence = SimpleUploadedFile("照片.pdf", PDF, content_type="application/pdf")
    objection = objections.file_objection(call, person(call), evidence=[evidence], address="10.0.0.1", now=DURING)
    assert objection.receipt.startswith("YY2020-") and len(objection.receipt) == 15
    assert objection.status == Objection.Status.RECEIVED
    assert ObjectionFile.objects.get().content_type == "application/pdf"
    assert objections.lookup(objection.receipt.lower(), "13800001111") == objection
    assert objections.lookup(objection.receipt, "13900000000") is None


@pytest.mark.parametrize(
    ("moment", "message"),
    [(at(2020, 9, 28, 8, 59, 59), "当前不在公示期内"), (at(2020, 10, 11, 0, 0, 0), "当前不在公示期内")],
)
def test_outside_the_window_nothing_is_stored(call, moment, message):
    with pytest.raises(Refused, match=message):
        objections.file_objection(call, person(call), now=moment)
    assert not Objection.objects.exists()


def test_the_last_second_of_the_window_is_inside(call):
    assert objections.file_objection(call, person(call), now=at(2020, 10, 10, 23, 59, 59)).pk


def test_anonymous_and_incomplete_objections_are_refused(call):
    with pytest.raises(Invalid) as invalid:
        objections.file_objection(call, person(call, name=" ", grounds=""), now=DURING)
    assert invalid.value.errors == {
        "name": "个人提出异议须署真实姓名，匿名异议不予受理。",
        "grounds": "请填写异议事由。",
    }
    with pytest.raises(Invalid) as invalid:
        objections.file_objection(call, person(call, objector="", phone="abc"), now=DURING)
    assert invalid.value.errors == {
        "objector": "请选择以个人还是单位名义提出异议（匿名异议不予受理）。",
        "phone": "联系电话格式不正确。",
    }
    unit = person(call, objector="unit", name="", unit_name="某公司", contact="王五")
    with pytest.raises(Invalid) as invalid:
        objections.file_objection(call, unit, now=DURING)
    assert invalid.value.errors == {"sealed_letter": "单位提出异议须上传加盖单位公章的异议书扫描件。"}
    outsider = factories.AcceptedApplicationFactory(call=call, number=99, with_rows=False, with_photos=False)
    with pytest.raises(Invalid) as invalid:
        objections.file_objection(call, person(call, application=outsider), now=DURING)
    assert invalid.value.errors == {"application": "请从公示名单中选择异议涉及的项目。"}
    assert not Objection.objects.exists()


def test_disguised_and_oversized_files_are_refused(call, settings):
    disguised = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(Invalid) as invalid:
        objections.file_objection(call, person(call), evidence=[disguised], now=DURING)
    assert list(invalid.value.errors) == ["evidence"]
    assert invalid.value.errors["evidence"].startswith("证据.pdf：")
    settings.UPLOADS_MAX_BYTES = {"scan": 10}
    big = SimpleUploadedFile("大.pdf", PDF, content_type="application/pdf")
    with pytest.raises(Invalid) as invalid:
        objections.file_objection(call, person(call), evidence=[big], now=DURING)
    assert "不能超过" in invalid.value.errors["evidence"]
    assert not Objection.objects.exists() and not ObjectionFile.objects.exists()


def test_staff_register_a_paper_objection_and_handle_it(call, staff, django_capture_on_commit_callbacks):
    unit_user = factories.UnitUserFactory(username="u2", unit=ranked(call, 2).unit, email="u2@example.org")
    data = person(call, objector="unit", name="", unit_name="某公司", contact="王五", email="")
    objection = objections.register_objection(
        call, data, channel="letter", received_at=at(2020, 9, 30, 15), actor=staff, now=at(2020, 10, 2)
    )
    assert objection.channel == "letter" and objection.registered_by == staff
    objections.handle(objection, handler=staff, notes="调取现场交流记录", actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        explanation = objections.request_explanation(objection, request="请说明场地面积。", actor=staff)
    notice = Notice.objects.get(recipient=unit_user, event="explanation_requested")
    assert "某公司" not in notice.body and "王五" not in notice.body
    answered = objections.answer_explanation(
        explanation, answer="场地面积为120平米。",
        files=[SimpleUploadedFile("说明.pdf", PDF)], actor=unit_user,
    )  # fmt: skip
    assert answered.files.count() == 1
    with pytest.raises(Refused, match="不能重复提交"):
        objections.answer_explanation(explanation, answer="again", actor=unit_user)
    with pytest.raises(Invalid) as invalid:
        objections.close(objection, outcome="", reason="", reply="", actor=staff)
    assert set(invalid.value.errors) == {"outcome", "outcome_reason", "reply"}
    closed = objections.close(objection, outcome="rejected", reason="面积属实", reply="经核查，不成立。", actor=staff)
    assert closed.status == Objection.Status.CLOSED
    with pytest.raises(Refused, match="已办结"):
        objections.handle(objection, handler=staff, notes="x", actor=staff)


def test_the_reply_is_emailed_when_an_address_was_given(call, staff, django_capture_on_commit_callbacks):
    objection = objections.file_objection(call, person(call), now=DURING)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        objections.close(objection, outcome="rejected", reason="不属实", reply="经核查，反映情况不属实。", actor=staff)
    assert [message.to for message in mail.outbox] == [["zhang@example.org"]]
    assert "YY2020-" in mail.outbox[0].subject and "经核查，反映情况不属实。" in mail.outbox[0].body


def upheld(call, staff, rank=2):
    objection = objections.file_objection(call, person(call, application=ranked(call, rank)), now=DURING)
    return objections.close(objection, outcome="upheld", reason="属实", reply="反映属实，已调整。", actor=staff)


def test_an_upheld_objection_replaces_from_the_ranking_with_a_supplementary_announcement(call, staff):
    objection = upheld(call, staff)
    with pytest.raises(Invalid) as invalid:
        changes.amend(
            call, removed=ranked(call, 2), cause="objection", objection=objection,
            statement="经核查，该项目不符合评选条件",
            replacement=ranked(call, 6), actor=staff,
        )  # fmt: skip
    assert invalid.value.errors == {"replacement_reason": "未按排名递补“单位05”，须填写理由。"}
    with pytest.raises(Invalid) as invalid:
        changes.amend(
            call, removed=ranked(call, 2), cause="objection", objection=objection, statement="不符合",
            replacement=ranked(call, 3), actor=staff,
        )  # fmt: skip
    assert invalid.value.errors == {"replacement": "“单位03”已在入选名单中，不能递补。"}
    amendment = changes.amend(
        call, removed=ranked(call, 2), cause="objection", objection=objection,
            statement="经核查，该项目不符合评选条件",
        replacement=ranked(call, 5), actor=staff, now=at(2020, 10, 12, 10),
    )  # fmt: skip
    assert [a.unit.name for a in current_selection(call)] == ["单位01", "单位03", "单位04", "单位05"]
    with pytest.raises(Refused, match="有1项名单调整尚未补充公示。"):
        confirmation.confirm(call, actor=staff, now=at(2020, 10, 21, 9))
    assert Selection.objects.get(application=ranked(call, 2)).reason == "异议成立：经核查，该项目不符合评选条件"
    with pytest.raises(Invalid) as invalid:
        changes.amend(
            call, removed=ranked(call, 3), cause="withdrawal", statement="申报单位主动放弃",
            replacement=ranked(call, 2), actor=staff,
        )  # fmt: skip
    assert invalid.value.errors == {"replacement": "“单位02”已退出名单或已放弃，不能递补。"}
    changes.prepare_supplementary(
        amendment, starts_at=at(2020, 10, 12, 12), days=5, actor=staff, now=at(2020, 10, 12, 11)
    )
    # Not published before its start: prepared again with a later start, the draft replaced.
    supplementary = changes.prepare_supplementary(
        amendment, starts_at=at(2020, 10, 13, 9), days=5, actor=staff, now=at(2020, 10, 12, 13)
    )
    assert Announcement.objects.filter(kind="supplementary").count() == 1
    assert supplementary.kind == Announcement.Kind.SUPPLEMENTARY
    assert supplementary.title == "关于2020年度优秀职工心理服务助推项目评选结果的补充公示"
    assert supplementary.ends_at == at(2020, 10, 20, 0, 0)  # 13, 14, 15, 16, 19 October
    assert "“单位02”（编号 2020-002）经核查，该项目不符合评选条件，退出名单；由“单位05”（编号 2020-005）递补。" in (
        supplementary.body
    )
    assert list(supplementary.entries.values_list("unit_name", flat=True)) == ["单位01", "单位03", "单位04", "单位05"]
    with pytest.raises(Refused, match="《关于2020年度优秀职工心理服务助推项目评选结果的补充公示》尚未发布。"):
        confirmation.confirm(call, actor=staff, now=at(2020, 10, 21, 9))
    assert AuditEntry.objects.filter(action="announcement.amended").count() == 1


def test_a_rejected_objection_cannot_remove_a_project(call, staff):
    objection = objections.file_objection(call, person(call), now=DURING)
    objections.close(objection, outcome="rejected", reason="不属实", reply="不成立", actor=staff)
    with pytest.raises(Invalid) as invalid:
        changes.amend(
            call, removed=ranked(call, 2), cause="objection", objection=objection, statement="x",
            replacement=ranked(call, 5), actor=staff,
        )  # fmt: skip
    assert invalid.value.errors == {"objection": "只有办结且结论为成立或部分成立的异议才能据以调整名单。"}
    assert not Amendment.objects.exists()


def test_confirmation_is_refused_while_a_period_runs_or_an_objection_is_open(call, staff):
    objections.file_objection(call, person(call), now=DURING)
    with pytest.raises(Refused) as refused:
        confirmation.confirm(call, actor=staff, now=at(2020, 10, 10, 12))
    assert str(refused.value) == (
        "暂不能确认结果：《关于2020年度优秀职工心理服务助推项目评选结果的公示》的公示期至2020年10月11日 00:00结束，"
        "尚未期满。还有1件异议未办结。"
    )
    with pytest.raises(Refused, match="还有1件异议未办结"):
        confirmation.confirm(call, actor=staff, now=at(2020, 10, 12))
    assert not Confirmation.objects.exists()
    assert ranked(call, 1).state == State.ACCEPTED


def test_confirmation_moves_every_application_and_tells_every_unit(call, staff, django_capture_on_commit_callbacks):
    users = {rank: factories.UnitUserFactory(username=f"u{rank}", unit=ranked(call, rank).unit) for rank in (1, 5)}
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["call"].pk, [a.unit.name for a in kwargs["selected"]], kwargs["actor"]))

    results_confirmed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            done = confirmation.confirm(call, actor=staff, now=at(2020, 10, 12, 9))
    finally:
        results_confirmed.disconnect(receiver)
    assert done.selected_count == 4
    assert received == [(call.pk, ["单位01", "单位02", "单位03", "单位04"], staff)]
    states = {ranked(call, rank).state for rank in (1, 2, 3, 4)}
    assert states == {State.SELECTED}
    assert {ranked(call, rank).state for rank in (5, 6)} == {State.NOT_SELECTED}
    call.refresh_from_db()
    assert call.status == Call.Status.IMPLEMENTATION
    selected_notice = Notice.objects.get(recipient=users[1])
    assert selected_notice.event == "result_selected"
    assert "助推资金 20,000.00 元" in selected_notice.body and "最终得分" not in selected_notice.body
    assert Notice.objects.get(recipient=users[5]).event == "result_not_selected"
    with pytest.raises(Refused, match="结果已于2020年10月12日 09:00确认"):
        confirmation.confirm(call, actor=staff, now=at(2020, 10, 12, 9, 1))
    assert Notice.objects.filter(event__startswith="result_").count() == 2


def test_the_final_score_is_told_only_when_the_call_allows_it(call, staff, django_capture_on_commit_callbacks):
    from psyboost.announcement.services.publishing import review_settings_of

    found = review_settings_of(call)
    found.show_final_score = True
    found.save()
    user = factories.UnitUserFactory(username="u6", unit=ranked(call, 6).unit)
    with django_capture_on_commit_callbacks(execute=True):
        confirmation.confirm(call, actor=staff, now=at(2020, 10, 12, 9))
    assert "贵单位申报的最终得分为 84.00 分。" in Notice.objects.get(recipient=user).body
    assert Selection.objects.get(application=ranked(call, 6)).final_score == Decimal("84")


@pytest.mark.django_db(transaction=True)
def test_two_staff_confirming_at_once_one_wins(staff):
    call = decided_call()
    published(call, staff)
    other = factories.StaffFactory(username="other")
    outcomes = []

    def attempt(actor):
        try:
            confirmation.confirm(call, actor=actor, now=at(2020, 10, 12, 9))
            outcomes.append("ok")
        except Refused as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(actor,)) for actor in (staff, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    assert next(outcome for outcome in outcomes if outcome != "ok") in (
        "其他工作人员正在确认结果，请稍后刷新页面查看。",
        "结果已由其他工作人员确认。",
        "暂不能确认结果：结果已于2020年10月12日 09:00确认。",
    )
    assert Confirmation.objects.count() == 1
    assert AuditEntry.objects.filter(action="applications.selected").count() == 4
