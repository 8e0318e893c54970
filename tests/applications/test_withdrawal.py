"""The unit changes its mind: delete a draft, withdraw before the formal check (编号 kept), give up with a reason;
and the call open for the unit, checked on the start page, the form pages, the autosave and uploads."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from psyboost.applications import services, withdrawal
from psyboost.applications.errors import ApplicationError, NotEditable, NotEligible, TransitionNotAllowed
from psyboost.applications.models import Application, Attachment, Transition
from psyboost.applications.signals import selection_given_up
from psyboost.applications.workflow import State
from psyboost.audit.models import AuditEntry
from psyboost.notifications.models import Notice
from tests.applications.conftest import IN_TIME
from tests.factories import ApplicationFactory, PaperCopyFactory, UnitFactory, UnitUserFactory
from tests.uploads import samples

pytestmark = pytest.mark.django_db
LATE = IN_TIME + timedelta(days=30)  # 31 July 2020: after the 2020 deadline


@pytest.fixture
def submitted(application, owner):
    return services.submit(application, owner, IN_TIME)


def test_withdrawing_keeps_the_number_and_the_unit_can_submit_again(submitted, owner):
    withdrawal.withdraw(submitted, owner)

    assert (submitted.state, submitted.number, submitted.is_editable) == (State.WITHDRAWN, 1, True)
    services.save_draft(submitted, {"headcount": 1300}, expected_version=submitted.version, actor=owner, now=IN_TIME)
    services.submit(submitted, owner, IN_TIME + timedelta(days=1))
    assert (submitted.state, submitted.display_number, submitted.headcount) == (State.SUBMITTED, "2020-001", 1300)
    assert list(Transition.objects.values_list("to_state", flat=True)) == ["submitted", "withdrawn", "submitted"]
    assert AuditEntry.objects.filter(action="applications.withdrawn", actor=owner).count() == 1


def test_no_withdrawal_after_the_formal_check_and_not_by_staff(submitted, owner, staff):
    with pytest.raises(TransitionNotAllowed) as refused:
        withdrawal.withdraw(submitted, staff)
    assert refused.value.message == "只有本单位用户可以撤回此申报。"
    PaperCopyFactory(application=submitted)
    services.accept(submitted, staff)

    with pytest.raises(TransitionNotAllowed) as refused:
        withdrawal.withdraw(submitted, owner)

    assert refused.value.message == "不能将“已受理（形式审查通过）”状态的申报改为“已撤回（可修改后重新提交）”。"


def test_giving_up_needs_a_reason_staff_see_it_on_the_timeline(submitted, owner, staff):
    with pytest.raises(TransitionNotAllowed) as refused:
        withdrawal.give_up(submitted, owner, "  ")
    assert refused.value.message == "请填写放弃的理由。"

    withdrawal.give_up(submitted, owner, "场地改建，今年无法实施")

    step = Transition.objects.get(to_state=State.GIVEN_UP)
    assert (step.from_state, step.reason, step.actor) == (State.SUBMITTED, "场地改建，今年无法实施", owner)
    assert submitted.state == State.GIVEN_UP and not submitted.is_editable


def test_giving_up_after_selection_tells_the_announcement_step(submitted, owner, staff):
    PaperCopyFactory(application=submitted)
    services.accept(submitted, staff)
    Application.objects.filter(pk=submitted.pk).update(state=State.SELECTED)
    submitted.refresh_from_db()
    heard = []

    def receiver(sender, application, actor, reason, **kwargs):
        heard.append((application.pk, actor, reason))

    selection_given_up.connect(receiver)
    try:
        withdrawal.give_up(submitted, owner, "单位合并")
    finally:
        selection_given_up.disconnect(receiver)

    assert heard == [(submitted.pk, owner, "单位合并")]


def test_a_draft_is_deleted_with_an_audit_record_a_submitted_one_is_not(application, owner, staff):
    other = ApplicationFactory(unit=UnitFactory())
    with pytest.raises(TransitionNotAllowed):
        withdrawal.delete_draft(application, staff)
    with pytest.raises(TransitionNotAllowed):
        withdrawal.delete_draft(other, owner)

    withdrawal.delete_draft(application, owner)

    assert not Application.objects.filter(pk=application.pk).exists()
    entry = AuditEntry.objects.get(action="applications.deleted")
    assert (entry.actor, entry.target_id, entry.data) == (
        owner,
        str(application.pk),
        {"call": 2020, "unit": owner.unit_id},
    )
    services.submit(other, UnitUserFactory(unit=other.unit), IN_TIME)
    with pytest.raises(TransitionNotAllowed) as refused:
        withdrawal.delete_draft(other, UnitUserFactory(unit=other.unit))
    assert refused.value.message == "“已提交（待形式审查）”的申报不能删除；已提交的申报可以撤回或放弃。"


def test_the_pages_withdraw_give_up_and_delete(client, submitted, owner):
    client.force_login(owner)
    page = client.get(f"/applications/{submitted.pk}/").content.decode()
    assert f'action="/applications/{submitted.pk}/withdraw/"' in page
    assert f'action="/applications/{submitted.pk}/give-up/"' in page
    assert f'action="/applications/{submitted.pk}/delete/"' not in page

    response = client.post(f"/applications/{submitted.pk}/give-up/", {"reason": ""})
    assert response.status_code == 302
    assert "请填写放弃的理由。" in client.get(response["Location"]).content.decode()

    client.post(f"/applications/{submitted.pk}/withdraw/")
    submitted.refresh_from_db()
    assert submitted.state == State.WITHDRAWN


def test_the_draft_page_offers_deletion(client, application, owner):
    client.force_login(owner)
    assert (
        f'action="/applications/{application.pk}/delete/"'
        in client.get(f"/applications/{application.pk}/").content.decode()
    )

    response = client.post(f"/applications/{application.pk}/delete/")

    assert response["Location"] == "/applications/mine/"
    assert not Application.objects.filter(pk=application.pk).exists()


# --- the call open for the unit: one rule, every path ----------------------------------------------------------------


def test_why_not_open_names_the_deadline_and_an_extension_reopens_it(application, staff):
    assert services.why_not_open(application.call, application.unit, IN_TIME) == []
    assert services.why_not_open(application.call, application.unit, LATE) == [
        "申报已于北京时间2020年7月20日 23:59截止，不能再提交。如有特殊情况，请联系市总工会工作人员。"
    ]
    services.grant_extension(application.call, application.unit, LATE + timedelta(days=1), "盖章延误", staff, now=LATE)
    assert services.is_open_for(application.call, application.unit, LATE)


def test_a_closed_call_refuses_saving_and_starting(application, owner):
    with pytest.raises(NotEditable) as refused:
        services.save_draft(application, {"headcount": 3}, expected_version=application.version, actor=owner, now=LATE)
    assert refused.value.message.startswith("申报已于北京时间2020年7月20日 23:59截止")
    unit = UnitFactory()
    with pytest.raises(NotEligible):
        services.get_or_create_draft(application.call, unit, owner, now=LATE)
    assert not Application.objects.filter(unit=unit).exists()


def test_after_the_deadline_no_start_button_no_form_and_no_autosave(client, application, owner, time_machine):
    time_machine.move_to(LATE)
    newcomer = UnitUserFactory(unit=UnitFactory())
    client.force_login(newcomer)
    mine = client.get("/applications/mine/").content.decode()
    assert "开始填写申报表" not in mine
    assert "不在申报期内，不能开始填写。" in mine

    client.force_login(owner)
    assert "继续填写" not in client.get("/applications/mine/").content.decode()
    response = client.get(f"/applications/{application.pk}/form/basic/")
    assert response["Location"] == f"/applications/{application.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "申报表不能再修改" in detail and "修改申报表" not in detail
    saved = client.post(
        f"/applications/{application.pk}/autosave/",
        {"section": "basic", "version": str(application.version), "headcount": "5"},
    )
    assert saved.status_code == 409
    assert saved.json()["error"].startswith("申报已于北京时间2020年7月20日 23:59截止")
    application.refresh_from_db()
    assert application.headcount != 5


# --- the paper copy ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seals", "message"),
    [
        (None, "尚未收到纸质版申报表，不能受理（本年度要求纸质版加盖单位公章和本级工会公章）。"),
        ((True, False), "纸质版缺少本级工会公章，不能受理。"),
        ((False, False), "纸质版缺少单位公章、本级工会公章，不能受理。"),
    ],
)
def test_acceptance_needs_the_paper_copy_with_both_seals(submitted, staff, seals, message):
    if seals is not None:
        services.record_paper_copy(submitted, date(2020, 6, 28), *seals, staff)

    with pytest.raises(ApplicationError) as refused:
        services.accept(submitted, staff)

    assert refused.value.message == message
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_a_call_may_accept_without_the_paper_copy(submitted, staff):
    submitted.call.paper_copy_required = False
    submitted.call.save()

    services.accept(submitted, staff)

    assert submitted.state == State.ACCEPTED


def test_the_unit_sees_the_paper_copy_and_its_seals(client, submitted, owner, staff):
    client.force_login(owner)
    assert "市总工会尚未收到纸质版" in client.get(f"/applications/{submitted.pk}/").content.decode()
    services.record_paper_copy(submitted, date(2020, 6, 28), True, False, staff)

    page = client.get(f"/applications/{submitted.pk}/").content.decode()

    assert "市总工会已于 2020-06-28 收到纸质版。" in page
    assert "本级工会公章：<strong>缺少</strong>" in page
    assert f'action="/applications/{submitted.pk}/paper-scan/"' in page


@pytest.mark.usefixtures("scratch_upload_dir")
def test_the_sealed_scan_is_uploaded_after_submission_outside_the_frozen_version(client, submitted, owner):
    client.force_login(owner)
    scan = SimpleUploadedFile("盖章页.pdf", samples.pdf(), content_type="application/pdf")

    response = client.post(f"/applications/{submitted.pk}/paper-scan/", {"file": scan})

    assert response["Location"] == f"/applications/{submitted.pk}/#paper-copy"
    added = Attachment.objects.get(application=submitted, original_name="盖章页.pdf")
    assert (added.kind, added.content_type) == ("signed_scan", "application/pdf")
    assert submitted.versions.count() == 1
    assert added.sha256 not in [item["sha256"] for item in submitted.versions.get().data["attachments"]]
    assert AuditEntry.objects.filter(action="applications.paper_scan_added", actor=owner).count() == 1
    assert "盖章页.pdf</a>" in client.get(f"/applications/{submitted.pk}/").content.decode()


def test_no_paper_scan_on_a_draft(client, application, owner):
    client.force_login(owner)
    scan = SimpleUploadedFile("盖章页.pdf", samples.pdf(), content_type="application/pdf")

    client.post(f"/applications/{application.pk}/paper-scan/", {"file": scan})

    assert not Attachment.objects.filter(application=application, original_name="盖章页.pdf").exists()


@pytest.mark.usefixtures("clock_in_the_call")
def test_the_return_reason_is_on_every_form_page_and_editing_pages_are_not_stored(client, submitted, owner, staff):
    services.return_for_revision(submitted, staff, "请补充设备照片。")
    client.force_login(owner)

    for section in ("basic", "project", "signoff"):
        response = client.get(f"/applications/{submitted.pk}/form/{section}/")
        assert "请补充设备照片。" in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_staff_hear_of_a_withdrawal_and_a_give_up(submitted, owner, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal.withdraw(submitted, owner)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawal.give_up(submitted, owner, "场地改建")

    notices = Notice.objects.filter(recipient=staff).order_by("id")
    assert [notice.title for notice in notices] == ["申报已撤回，编号 2020-001", "申报已放弃，编号 2020-001"]
    assert notices[1].body.endswith("理由：场地改建")
    assert notices[1].link == f"/applications/staff/{submitted.pk}/"
