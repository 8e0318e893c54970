"""Staff work from to-dos: the workbench's counts and links, the drafts tab, the units that have not applied and the
bulk reminder (in-app and e-mail, logged, never twice the same day)."""

import io
from datetime import timedelta

import pytest
from django.core import mail

from psyboost.applications import reminders, services
from psyboost.applications.models import Reminder
from psyboost.applications.todos import intake_todos
from psyboost.audit.models import AuditEntry
from psyboost.notifications.models import Notice
from tests.applications.conftest import IN_TIME
from tests.factories import ApplicationFactory, PaperCopyFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(call, staff):
    """Unit A submitted (no paper copy), B submitted with a sealed paper copy, C has a draft, D nothing; E is not
    eligible (named 2020)."""
    units = {key: UnitFactory(name=f"单位{key}") for key in "ABCD"}
    UnitFactory(name="单位E", named_year=2020)
    for key in "AB":
        application = ApplicationFactory(call=call, unit=units[key])
        services.submit(application, UnitUserFactory(unit=units[key]), IN_TIME)
        if key == "B":
            PaperCopyFactory(application=application)
    ApplicationFactory(call=call, unit=units["C"])
    return units


def test_the_intake_todos_count_and_link(intake):
    todos = intake_todos(IN_TIME)

    assert [(todo.label, todo.count, todo.url) for todo in todos] == [
        ("2020年：待形式审查的申报", 2, "/applications/staff/?call=2020&state=submitted"),
        ("2020年：纸质版未收到或公章不全", 1, "/applications/staff/?call=2020&paper=missing"),
        ("2020年：待处理的延期申请", 0, "/applications/staff/extensions/?call=2020"),
        ("2020年：尚未提交申报的可申报单位", 2, "/applications/staff/2020/not-applied/"),
    ]


def test_the_workbench_lists_the_todos(staff_client, intake):
    page = staff_client.get("/staff/").content.decode()

    assert '<a href="/applications/staff/?call=2020&amp;paper=missing">2020年：纸质版未收到或公章不全</a>' in page


def test_the_paper_filter_and_the_drafts_tab(staff_client, intake):
    missing = staff_client.get("/applications/staff/?call=2020&paper=missing")
    drafts = staff_client.get("/applications/staff/?call=2020&state=draft")

    assert [a.unit.name for a in missing.context["page"]] == ["单位A"]
    assert [a.unit.name for a in drafts.context["page"]] == ["单位C"]


def test_the_not_applied_list_shows_progress_and_last_login(staff_client, intake):
    page = staff_client.get("/applications/staff/2020/not-applied/")

    assert [row["unit"].name for row in page.context["rows"]] == ["单位C", "单位D"]
    html = page.content.decode()
    assert "草稿：已保存 0 次" in html and "未开始填写" in html and "从未登录" in html


def test_a_reminder_goes_in_app_and_by_mail_once_a_day(call, staff, intake, django_capture_on_commit_callbacks):
    user = UnitUserFactory(unit=intake["D"], email="d@example.com")
    chosen = [intake[key].pk for key in "ACD"]  # A has submitted: not reminded

    with django_capture_on_commit_callbacks(execute=True):
        reminded, skipped = reminders.remind(call, chosen, staff, now=IN_TIME)
    again, skipped_again = reminders.remind(call, chosen, staff, now=IN_TIME + timedelta(hours=3))
    tomorrow, _skipped = reminders.remind(call, [intake["D"].pk], staff, now=IN_TIME + timedelta(days=1))

    assert ([u.name for u in reminded], skipped) == (["单位C", "单位D"], [])
    assert (again, [u.name for u in skipped_again]) == ([], ["单位C", "单位D"])
    assert [u.name for u in tomorrow] == ["单位D"]
    notice = Notice.objects.filter(recipient=user).first()
    assert notice.title == "请于截止前提交《2020年职工心理服务助推项目》申报"
    assert "申报截止时间为北京时间2020年7月20日 23:59" in notice.body
    assert [m.to for m in mail.outbox] == [["d@example.com"], ["d@example.com"]]  # today and tomorrow
    assert Reminder.objects.count() == 3
    assert AuditEntry.objects.filter(action="applications.reminded").count() == 3
    assert reminders.summary(again, skipped_again) == "已提醒 0 个单位。2 个单位今天已提醒过，未重复发送。"


def test_the_reminder_page_posts_and_says_what_it_did(staff_client, intake, time_machine):
    time_machine.move_to(IN_TIME)
    response = staff_client.post("/applications/staff/2020/not-applied/", {"unit": [str(intake["D"].pk)]})

    assert response["Location"] == "/applications/staff/2020/not-applied/"
    assert "已提醒 1 个单位。" in staff_client.get(response["Location"]).content.decode()
    empty = staff_client.post("/applications/staff/2020/not-applied/", {})
    assert "请先勾选要提醒的单位。" in staff_client.get(empty["Location"]).content.decode()


def test_the_summary_workbook_has_a_row_per_application_and_a_sheet_per_table(staff_client, intake):
    from openpyxl import load_workbook

    a = intake["A"].applications.get()
    a.partner_name = '=HYPERLINK("http://x")'
    a.save()

    response = staff_client.get("/applications/staff/2020/summary.xlsx")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''2020%E5%B9%B4%E7%94%B3%E6%8A%A5%E6%B1%87%E6%80%BB%E8%A1%A8.xlsx"
    )
    book = load_workbook(io.BytesIO(response.content))
    main = book.worksheets[0]
    rows = list(main.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "单位名称", "命名年份", "状态")
    assert [row[:2] for row in rows[1:]] == [("2020-001", "单位A"), ("2020-002", "单位B")]
    partner = rows[0].index("合作单位名称")
    assert rows[1][partner] == '=HYPERLINK("http://x")'
    assert main.cell(row=2, column=partner + 1).data_type == "s"
    assert book.sheetnames == [
        "申报汇总",
        "功能分区介绍",
        "现有心理设备设施",
        "心理工作人员介绍",
        "进度安排",
        "经费预算",
    ]
    staff = list(book["心理工作人员介绍"].iter_rows(values_only=True))
    assert staff[0][:3] == ("编号", "单位名称", "序号")
    assert staff[1][:3] == ("2020-001", "单位A", 1)
