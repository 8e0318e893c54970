"""One application in the staff formal check: read-only, its timeline, accept / return / reject with a reason, the
paper copy, an extension for one unit; every refusal keeps the input and says why next to the field."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from psyboost.applications import services
from psyboost.applications.models import Extension, PaperCopy, Transition
from psyboost.applications.workflow import State
from psyboost.audit.models import AuditEntry
from tests.applications.conftest import BEIJING, IN_TIME
from tests.factories import PaperCopyFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db

AFTER_THE_DEADLINE = datetime(2020, 7, 22, 10, 0, tzinfo=BEIJING)  # two days after the 2020 call closed


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def submitted(application, owner):
    return services.submit(application, owner, now=IN_TIME)


def url(application, action="") -> str:
    return f"/applications/staff/{application.pk}/{action}"


def test_the_detail_is_read_only_with_timeline_and_actions(staff_client, submitted):
    response = staff_client.get(url(submitted))

    assert response.status_code == 200
    html = response.content.decode()
    assert "2020-001" in html
    assert 'class="application-readonly"' in html
    assert "张三丰" in html  # staff see the personal information
    assert "草稿 → <strong>已提交（待形式审查）</strong>" in html
    assert f'action="/applications/staff/{submitted.pk}/accept/"' in html
    assert f'action="/applications/staff/{submitted.pk}/return/"' in html
    assert f'action="/applications/staff/{submitted.pk}/reject/"' in html
    assert 'name="' not in html.split('class="application-readonly"')[1].split("</details>")[0]  # no inputs


def test_accept(staff_client, submitted, staff):
    PaperCopyFactory(application=submitted)
    response = staff_client.post(url(submitted, "accept/"))

    assert response.status_code == 302
    assert response["Location"] == url(submitted)
    submitted.refresh_from_db()
    assert submitted.state == State.ACCEPTED
    step = Transition.objects.filter(application=submitted).last()
    assert (step.from_state, step.to_state, step.actor) == (State.SUBMITTED, State.ACCEPTED, staff)
    page = staff_client.get(url(submitted)).content.decode()
    assert "已受理 2020-001，进入评审。" in page
    assert f'action="/applications/staff/{submitted.pk}/accept/"' not in page


def test_return_with_a_reason_the_unit_sees(staff_client, submitted, staff, owner, client):
    response = staff_client.post(url(submitted, "return/"), {"return-reason": "请补充设备照片。"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.RETURNED
    step = Transition.objects.filter(application=submitted).last()
    assert (step.to_state, step.reason, step.actor) == (State.RETURNED, "请补充设备照片。", staff)
    entry = AuditEntry.objects.get(action="applications.returned")
    assert (entry.actor, entry.reason) == (staff, "请补充设备照片。")
    client.force_login(owner)
    assert "请补充设备照片。" in client.get(f"/applications/{submitted.pk}/").content.decode()


def test_return_without_a_reason_is_refused_next_to_the_field(staff_client, submitted):
    response = staff_client.post(url(submitted, "return/"), {"return-reason": "   "})

    assert response.status_code == 400
    assert response.context["return_form"].errors == {"reason": ["请填写退回修改的理由，单位将看到此理由。"]}
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_reject_with_a_reason(staff_client, submitted):
    response = staff_client.post(url(submitted, "reject/"), {"reject-reason": "不在申报范围内"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.REJECTED
    assert Transition.objects.filter(application=submitted).last().reason == "不在申报范围内"


def test_reject_keeps_the_typed_reason_when_refused(staff_client, submitted):
    PaperCopyFactory(application=submitted)
    staff_client.post(url(submitted, "accept/"))

    response = staff_client.post(url(submitted, "reject/"), {"reject-reason": "重复申报"})

    assert response.status_code == 400
    form = response.context["reject_form"]
    assert form.errors == {"reason": ["不能将“已受理（形式审查通过）”状态的申报改为“不予受理”。"]}
    assert form["reason"].value() == "重复申报"


def test_a_draft_cannot_be_accepted(staff_client, application):
    response = staff_client.post(url(application, "accept/"))

    assert response.status_code == 400
    assert response.context["refusal"] == "不能将“草稿”状态的申报改为“已受理（形式审查通过）”。"


def test_actions_need_post(staff_client, submitted):
    for action in ("accept/", "return/", "reject/", "paper-copy/"):
        assert staff_client.get(url(submitted, action)).status_code == 405


def test_the_unit_cannot_screen_its_own_application(client, submitted, owner):
    client.force_login(owner)

    assert client.get(url(submitted)).status_code == 403
    assert client.post(url(submitted, "accept/")).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_record_the_paper_copy(staff_client, submitted, staff):
    response = staff_client.post(
        url(submitted, "paper-copy/"),
        {"paper-received_on": "2020-07-25", "paper-has_unit_seal": "on", "paper-has_union_seal": "on"},
    )

    assert response.status_code == 302
    paper = PaperCopy.objects.get(application=submitted)
    assert (paper.received_on, paper.has_both_seals, paper.recorded_by) == (date(2020, 7, 25), True, staff)
    html = staff_client.get(url(submitted)).content.decode()
    assert "2020-07-25 收到（登记人：周娜）" in html
    assert "两枚公章齐全" in html


def test_a_paper_copy_missing_a_seal_shows(staff_client, submitted):
    staff_client.post(url(submitted, "paper-copy/"), {"paper-received_on": "2020-07-25", "paper-has_unit_seal": "on"})

    assert "公章不全" in staff_client.get(url(submitted)).content.decode()
    assert PaperCopy.objects.get(application=submitted).has_union_seal is False


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写纸质版收到日期。"),
        ("2020-13-45", "请填写有效的日期，例如 2020-07-25。"),
        ("2999-01-01", "收到日期不能晚于今天。"),
    ],
)
def test_a_bad_paper_date_is_refused_next_to_the_field(staff_client, submitted, typed, message):
    response = staff_client.post(url(submitted, "paper-copy/"), {"paper-received_on": typed})

    assert response.status_code == 400
    form = response.context["paper_form"]
    assert form.errors == {"received_on": [message]}
    assert form["received_on"].value() == typed
    assert not PaperCopy.objects.exists()


@time_machine.travel(AFTER_THE_DEADLINE, tick=False)
def test_grant_an_extension_from_the_detail_page(staff_client, submitted, staff):
    until = datetime(2020, 7, 25, 18, 0, tzinfo=BEIJING)

    response = staff_client.post(
        "/applications/staff/extensions/",
        {
            "call": "2020",
            "application": str(submitted.pk),
            "extension-unit": str(submitted.unit_id),
            "extension-until": f"{until:%Y-%m-%dT%H:%M}",
            "extension-reason": "受疫情影响，盖章延误",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url(submitted)
    extension = Extension.objects.get()
    assert (extension.unit, extension.until, extension.reason, extension.granted_by) == (
        submitted.unit,
        until,
        "受疫情影响，盖章延误",
        staff,
    )
    assert AuditEntry.objects.filter(action="applications.extension_granted").count() == 1


def test_an_extension_is_read_as_beijing_time_whatever_zone_is_active(staff_client, application):
    timezone.activate(UTC)  # a zone active in the thread (as a per-user zone would be) does not change the reading
    try:
        staff_client.post(
            "/applications/staff/extensions/",
            {
                "call": "2020",
                "extension-unit": str(application.unit_id),
                "extension-until": "2999-08-01T18:00",
                "extension-reason": "盖章延误",
            },
        )
    finally:
        timezone.deactivate()

    assert Extension.objects.get().until.isoformat() == "2999-08-01T10:00:00+00:00"


def test_a_bad_extension_is_refused_with_the_input_kept(staff_client, application):
    response = staff_client.post(
        "/applications/staff/extensions/",
        {"call": "2020", "extension-unit": str(application.unit_id), "extension-until": "2020-07-01T10:00"},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"reason": ["请填写延期理由。"]}
    assert form["until"].value() == "2020-07-01T10:00"
    again = staff_client.post(
        "/applications/staff/extensions/",
        {
            "call": "2020",
            "extension-unit": str(application.unit_id),
            "extension-until": "2020-07-01T10:00",
            "extension-reason": "x",
        },
    )
    assert again.context["form"].errors == {
        "until": ["延期截止时间须晚于申报截止时间（北京时间2020年7月20日 23:59）。"]
    }
    assert not Extension.objects.exists()


def test_an_ineligible_unit_gets_no_extension(staff_client, call):
    outsider = UnitFactory(named_year=2020)

    response = staff_client.post(
        "/applications/staff/extensions/",
        {
            "call": "2020",
            "extension-unit": str(outsider.pk),
            "extension-until": "2999-01-01T10:00",
            "extension-reason": "x",
        },
    )

    assert response.context["form"].errors == {"unit": ["请选择本年度申报范围内的单位。"]}


@time_machine.travel(AFTER_THE_DEADLINE, tick=False)
def test_the_extension_page_lists_what_was_granted(staff_client, application, staff):
    services.grant_extension(
        application.call, application.unit, AFTER_THE_DEADLINE + timedelta(days=2), "盖章延误", staff
    )

    response = staff_client.get("/applications/staff/extensions/?call=2020")

    assert response.status_code == 200
    assert [e.reason for e in response.context["granted"]] == ["盖章延误"]


def test_only_staff_grant_extensions(client, application):
    client.force_login(UnitUserFactory(unit=application.unit))

    assert client.get("/applications/staff/extensions/").status_code == 403


@pytest.fixture
def after_the_deadline():
    """The clock from two days after the deadline on, running (rows stamped one after the other keep their order);
    put before the fixtures that make rows, so that they are stamped on it too."""
    with time_machine.travel(AFTER_THE_DEADLINE) as traveller:
        yield traveller


def test_the_whole_round_trip_keeps_the_number(after_the_deadline, staff_client, client, submitted, owner):
    staff_client.post(url(submitted, "return/"), {"return-reason": "请补充材料"})
    submitted.call.deadline = AFTER_THE_DEADLINE + timedelta(days=1)
    submitted.call.save()
    client.force_login(owner)

    client.post(f"/applications/{submitted.pk}/check/")

    submitted.refresh_from_db()
    assert (submitted.state, submitted.display_number) == (State.SUBMITTED, "2020-001")
    moves = list(Transition.objects.filter(application=submitted).values_list("from_state", "to_state", "reason"))
    assert moves == [("draft", "submitted", ""), ("submitted", "returned", "请补充材料"), ("returned", "submitted", "")]


def test_a_return_after_the_deadline_can_extend_the_unit(staff_client, submitted):
    response = staff_client.post(
        url(submitted, "return/"), {"return-reason": "请补充盖章页", "return-until": "2999-08-01T18:00"}
    )

    assert response.status_code == 302
    extension = Extension.objects.get()
    assert (extension.unit, extension.reason) == (submitted.unit, "请补充盖章页")
    assert extension.until.isoformat() == "2999-08-01T10:00:00+00:00"


def test_a_return_with_a_past_extension_is_refused_whole(staff_client, submitted):
    response = staff_client.post(
        url(submitted, "return/"), {"return-reason": "请补充盖章页", "return-until": "2020-07-01T10:00"}
    )

    assert response.status_code == 400
    assert response.context["return_form"].errors == {
        "until": ["延期截止时间须晚于申报截止时间（北京时间2020年7月20日 23:59）。"]
    }
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert not Extension.objects.exists()
