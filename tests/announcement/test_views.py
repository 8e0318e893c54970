"""The pages with JS off: staff prepare, preview and publish; the public page, JSON, feed, PDF and DOCX; the
objection form and the status look-up; handling, amendment, confirmation; the unit's explanation and letter."""

import io
import json

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from psyboost.announcement import guard
from psyboost.announcement.models import Announcement, Objection
from psyboost.announcement.services import objections
from psyboost.applications.workflow import State
from tests import factories

from .helpers import at, decided_call, published, ranked

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def staff():
    return factories.StaffFactory(username="staff-a")


def test_staff_prepare_preview_and_publish(client, staff):
    decided_call()
    client.force_login(staff)
    with time_machine.travel(at(2020, 9, 25, 10), tick=False):
        page = client.get(reverse("announcement:prepare", args=[2020]))
        assert page.status_code == 200
        assert "关于2020年度优秀职工心理服务助推项目评选结果的公示" in page.content.decode()
        data = {
            "title": "关于2020年度优秀职工心理服务助推项目评选结果的公示",
            "body": "拟确定{count}个，公示期{start}至{end}（{length}）。",
            "starts_at": "2020-09-24T09:00",
            "days": "5",
            "publisher": "北京市总工会",
            "published_on": "2020-09-28",
        }
        refused = client.post(reverse("announcement:prepare", args=[2020]), data)
        assert refused.status_code == 400
        assert "公示开始时间（2020年9月24日 09:00）已过，请选择将来的时间。" in refused.content.decode()
        assert not Announcement.objects.exists()
        zero = client.post(reverse("announcement:prepare", args=[2020]), {**data, "days": "0"})
        assert zero.status_code == 400 and "公示天数至少为1天。" in zero.content.decode()
        done = client.post(reverse("announcement:prepare", args=[2020]), {**data, "starts_at": "2020-09-28T09:00"})
        announcement = Announcement.objects.get()
        assert done["Location"] == reverse("announcement:preview", args=[announcement.pk])
        preview = client.get(done["Location"]).content.decode()
        assert "拟确定4个，公示期2020年9月28日至2020年10月10日（5个工作日）。" in preview
        assert client.post(reverse("announcement:publish", args=[announcement.pk])).status_code == 302
        again = client.post(reverse("announcement:publish", args=[announcement.pk]), follow=True)
        assert "不能重复发布" in again.content.decode()
    client.logout()
    with time_machine.travel(at(2020, 9, 28, 8, 59, 59), tick=False):
        assert client.get(reverse("announcement:results", args=[2020])).status_code == 404
        assert client.get(reverse("announcement:results_json", args=[2020])).status_code == 404
    with time_machine.travel(at(2020, 9, 28, 9, 0), tick=False):
        page = client.get(reverse("announcement:results", args=[2020])).content.decode()
        assert "拟确定4个，公示期2020年9月28日至2020年10月10日（5个工作日）。" in page
        assert "提出异议" in page


def test_public_json_feed_pdf_and_docx(client, staff):
    call = decided_call()
    announcement = published(call, staff)
    with time_machine.travel(at(2020, 9, 29, 10), tick=False):
        data = json.loads(client.get(reverse("announcement:results_json", args=[2020])).content)
        first = data["announcements"][0]
        assert (first["starts_at"], first["last_day"], first["days"], first["counting"]) == (
            "2020-09-28T09:00:00+08:00", "2020-10-10", 5, "working",
        )  # fmt: skip
        assert first["list"][0] == {
            "position": 1, "number": "2020-001", "unit": "单位01", "district_union": "朝阳区",
            "project": "单位012020年度职工心理服务项目",
        }  # fmt: skip
        feed = client.get(reverse("announcement:feed"))
        assert feed["Content-Type"] == "application/atom+xml; charset=utf-8"
        assert "<title>关于2020年度优秀职工心理服务助推项目评选结果的公示</title>" in feed.content.decode()
        pdf = client.get(reverse("announcement:pdf", args=[2020, announcement.pk]))
        reader = PdfReader(io.BytesIO(pdf.content))
        text = "".join(page.extract_text() for page in reader.pages)
        assert "2020年度优秀职工心理服务助推项目名单" in text and "单位04" in text
        fonts = {str(font) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
        assert fonts
        docx = Document(io.BytesIO(client.get(reverse("announcement:docx", args=[2020, announcement.pk])).content))
        assert docx.paragraphs[0].text == "关于2020年度优秀职工心理服务助推项目评选结果的公示"
        assert [cell.text for cell in docx.tables[0].rows[1].cells] == [
            "1", "2020-001", "单位01", "朝阳区", "单位012020年度职工心理服务项目",
        ]  # fmt: skip


def objection_form(call, token, answer, **extra):
    return {
        "objector": "individual", "name": "张三", "phone": "13800001111", "grounds": "场地面积不符。",
        "application": str(ranked(call, 2).pk), "challenge_token": token, "challenge_answer": answer, **extra,
    }  # fmt: skip


def challenge():
    question, token = guard.new_challenge()
    first, second = [int(part) for part in question.replace("等于多少？", "").split(" 加 ")]
    return token, str(first + second)


def test_objection_form_with_js_off_and_the_status_look_up(client, staff):
    call = decided_call()
    published(call, staff)
    with time_machine.travel(at(2020, 9, 29, 10), tick=False):
        assert client.get(reverse("announcement:objection", args=[2020])).status_code == 200
        token, answer = challenge()
        wrong = client.post(reverse("announcement:objection", args=[2020]), objection_form(call, token, "0"))
        assert wrong.status_code == 400 and "验证题答案不正确" in wrong.content.decode()
        anonymous = client.post(
            reverse("announcement:objection", args=[2020]), objection_form(call, token, answer, name="")
        )
        assert anonymous.status_code == 400 and "匿名异议不予受理" in anonymous.content.decode()
        assert 'value="13800001111"' in anonymous.content.decode()
        evidence = SimpleUploadedFile("e.pdf", PDF, content_type="application/pdf")
        done = client.post(
            reverse("announcement:objection", args=[2020]),
            {**objection_form(call, token, answer), "evidence": evidence},
        )
        assert done.status_code == 200
        objection = Objection.objects.get()
        assert objection.receipt in done.content.decode() and objection.files.count() == 1
        status = client.post(
            reverse("announcement:objection_status", args=[2020]),
            {"receipt": objection.receipt, "phone": "13800001111"},
        )
        assert "已受理" in status.content.decode()
        miss = client.post(
            reverse("announcement:objection_status", args=[2020]), {"receipt": objection.receipt, "phone": "1"}
        )
        assert "未找到" in miss.content.decode()
        for _n in range(2):
            client.post(reverse("announcement:objection", args=[2020]), objection_form(call, token, answer))
        limited = client.post(reverse("announcement:objection", args=[2020]), objection_form(call, token, answer))
        assert limited.status_code == 429 and "此电话号码提交异议过于频繁" in limited.content.decode()
        assert Objection.objects.count() == 3
    with time_machine.travel(at(2020, 10, 11, 0, 0), tick=False):
        closed = client.post(reverse("announcement:objection", args=[2020]), objection_form(call, token, answer))
        assert closed.status_code == 400 and "当前不在公示期内" in closed.content.decode()
        assert Objection.objects.count() == 3


def test_staff_handle_replace_confirm_and_the_unit_sees_its_result(client, staff, django_capture_on_commit_callbacks):
    call = decided_call()
    published(call, staff)
    unit_user = factories.UnitUserFactory(username="winner", unit=ranked(call, 1).unit)
    objection = objections.file_objection(
        call,
        {
            "objector": "individual",
            "name": "李四",
            "phone": "13900002222",
            "grounds": "不实",
            "application": ranked(call, 2),
        },
        now=at(2020, 9, 29, 10),
    )
    client.force_login(staff)
    with time_machine.travel(at(2020, 10, 12, 10), tick=False):
        page = client.get(reverse("announcement:objection_detail", args=[objection.pk]))
        assert "李四" in page.content.decode()
        client.post(
            reverse("announcement:objection_detail", args=[objection.pk]),
            {"action": "close", "outcome": "upheld", "outcome_reason": "属实", "reply": "已调整"},
        )
        amend_page = client.get(reverse("announcement:amend", args=[2020])).content.decode()
        assert "按排名应递补：2020-005 单位05" in amend_page
        client.post(
            reverse("announcement:amend", args=[2020]),
            {"removed": ranked(call, 2).pk, "cause": "objection", "objection": objection.pk,
             "statement": "经核查，该项目不符合评选条件", "replacement": ranked(call, 5).pk},
        )  # fmt: skip
        amendment = objection.announcement.call.amendments.get()
        done = client.post(
            reverse("announcement:supplementary", args=[amendment.pk]), {"starts_at": "2020-10-13T09:00", "days": "5"}
        )
        supplementary = Announcement.objects.get(kind="supplementary")
        assert done["Location"] == reverse("announcement:preview", args=[supplementary.pk])
        client.post(reverse("announcement:publish", args=[supplementary.pk]))
        refused = client.post(reverse("announcement:confirm", args=[2020]), follow=True).content.decode()
        assert "补充公示》的公示期至2020年10月20日 00:00结束，尚未期满。" in refused
    with time_machine.travel(at(2020, 10, 20, 9), tick=False):
        client.force_login(staff)  # the session of 8 days ago has expired
        with django_capture_on_commit_callbacks(execute=True):
            confirmed = client.post(reverse("announcement:confirm", args=[2020]), follow=True).content.decode()
        assert "结果已确认：入选4个" in confirmed
        assert ranked(call, 5).state == State.SELECTED and ranked(call, 2).state == State.NOT_SELECTED
        client.logout()
        public = client.get(reverse("announcement:results", args=[2020])).content.decode()
        assert "评选结果已于2020年10月20日确认，共4个项目入选" in public
        assert "递补：2020-005 单位05" in public
        client.force_login(unit_user)
        letter = client.get(reverse("announcement:letter", args=[ranked(call, 1).pk]))
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.content)).pages)
        assert "入选通知书" in text and "2020-001" in text and "20,000.00" in text
        assert client.get(reverse("announcement:letter", args=[ranked(call, 2).pk])).status_code == 403
        code = text.split("验证码：")[1][:12]
        client.logout()
        verified = client.get(reverse("announcement:verify", args=[2020]), {"code": code.lower()}).content.decode()
        assert "真实有效：单位01，“单位012020年度职工心理服务项目”（编号 2020-001）为本年度入选项目。" in verified
        forged = client.get(reverse("announcement:verify", args=[2020]), {"code": "AAAAAAAAAAAA"}).content.decode()
        assert "未找到与该验证码对应的入选通知书" in forged


def test_the_public_page_is_served_from_memory_until_something_changes(client, staff, settings):
    from psyboost.announcement.middleware import clear_public_cache
    from psyboost.announcement.services import publishing

    settings.PSYBOOST_PUBLIC_CACHE_SECONDS = 10
    clear_public_cache()
    call = decided_call()
    announcement = published(call, staff)
    try:
        with time_machine.travel(at(2020, 9, 29, 10), tick=False):
            first = client.get(reverse("announcement:results", args=[2020]))
            Announcement.objects.filter(pk=announcement.pk).update(title="直接改库的标题")  # no service: not seen
            assert client.get(reverse("announcement:results", args=[2020])).content == first.content
            publishing.correct(announcement, title="更正后的标题", body="正文", reason="笔误", actor=staff)
            clear_public_cache()  # what the service's on_commit does once the correction is committed
            assert "更正后的标题" in client.get(reverse("announcement:results", args=[2020])).content.decode()
        with time_machine.travel(at(2020, 10, 11, 0, 0), tick=False):
            # The period's end is a boundary: the page no longer offers the objection form.
            assert "提出异议</a>" not in client.get(reverse("announcement:results", args=[2020])).content.decode()
    finally:
        clear_public_cache()


def test_staff_enter_a_year_the_package_does_not_know(client, staff):
    from psyboost.announcement.models import CalendarYear

    client.force_login(staff)
    bad = client.post(
        reverse("announcement:calendar"), {"year": "2027", "holidays": "2027-10-01\n2027-13-01", "workdays": ""}
    )
    assert bad.status_code == 400
    assert "第2行“2027-13-01”不是日期，请写成 2027-10-01。" in bad.content.decode()
    clash = client.post(
        reverse("announcement:calendar"), {"year": "2027", "holidays": "2027-10-01", "workdays": "2027-10-01"}
    )
    assert "2027-10-01 不能既放假又上班。" in clash.content.decode()
    assert not CalendarYear.objects.exists()
    done = client.post(
        reverse("announcement:calendar"),
        {"year": "2027", "holidays": "2027-10-02\n2027-10-01", "workdays": "2027-09-26"},
    )
    assert done.status_code == 302
    entered = CalendarYear.objects.get()
    assert (entered.holidays, entered.workdays, entered.entered_by) == ("2027-10-01\n2027-10-02", "2027-09-26", staff)


def test_settings_switch_to_natural_days(client, staff):
    from psyboost.announcement.models import AnnouncementSettings

    call = decided_call()
    client.force_login(staff)
    response = client.post(
        reverse("announcement:settings", args=[2020]),
        {"counting": "natural", "show_final_score": "on", "publisher": "北京市职工服务中心"},
    )
    assert response.status_code == 302
    found = AnnouncementSettings.objects.get(call=call)
    assert (found.counting, found.show_final_score, found.publisher) == ("natural", True, "北京市职工服务中心")
