"""The unit's form pages without JavaScript: the start page, each section (GET, plain POST), the privacy notice.

``page_inputs`` reads a section page as a browser would send it back (the form's inputs, not the new-row template),
so the tests post exactly what a user without JavaScript posts.
"""

from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from psyboost.applications import services
from psyboost.applications.models import Application
from psyboost.audit.models import AuditEntry
from tests.factories import ApplicationFactory, CallFactory, StaffFactory, UnitFactory, UnitUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values, self.in_form, self.in_template, self.select, self.textarea = {}, False, 0, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "application-form":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "template":
            self.in_template += 1
        if self.in_template or "name" not in a:
            return
        if tag == "input" and a.get("type") not in ("submit", "checkbox", "radio"):
            self.values[a["name"]] = a.get("value", "")
        elif tag == "input" and "checked" in a:
            self.values[a["name"]] = a.get("value", "on")
        elif tag == "select":
            self.select = a["name"]
            self.values.setdefault(a["name"], "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values[a["name"]] = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data.lstrip("\n") if not self.values[self.textarea] else data

    def handle_endtag(self, tag):
        if tag == "template" and self.in_form:
            self.in_template -= 1
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def page_inputs(client, application, section) -> dict:
    """The inputs of a section page, as a browser without JavaScript would post them."""
    response = client.get(section_url(application, section))
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Inputs()
    parser.feed(html)
    # <option selected>: read from the select's own markup.
    for name in list(parser.values):
        marker = f'name="{name}"'
        if f"<select {marker}" in html or f'<select name="{name}"' in html:
            block = html.split(marker, 1)[1].split("</select>", 1)[0]
            selected = [part for part in block.split("<option")[1:] if " selected" in part.split(">", 1)[0]]
            parser.values[name] = selected[0].split('value="', 1)[1].split('"', 1)[0] if selected else ""
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


def section_url(application, section) -> str:
    return reverse("applications:section", args=[application.pk, section])


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


# --- the start page -------------------------------------------------------------------------------------------------


def test_the_start_page_offers_to_start_and_the_post_creates_the_prefilled_draft(client):
    call = CallFactory(year=2020)  # open: the module's clock is inside it
    unit = UnitFactory(name="北京热力集团", contact_phone="13800138000", address="朝阳区建国路1号")
    user = UnitUserFactory(unit=unit)
    client.force_login(user)

    page = client.get(reverse("applications:mine")).content.decode()
    assert "2020年职工心理服务助推项目" in page
    assert "开始填写申报表" in page
    assert "申报中" in page

    response = client.post(reverse("applications:mine"), {"call": call.pk})
    application = Application.objects.get(unit=unit, call=call)
    assert response.status_code == 302
    assert response["Location"] == section_url(application, "basic")
    assert (application.contact_mobile, application.address, application.state) == (
        "13800138000",
        "朝阳区建国路1号",
        "draft",
    )
    assert AuditEntry.objects.filter(action="applications.created").count() == 1

    page = client.get(reverse("applications:mine")).content.decode()
    assert "继续填写" in page and "草稿" in page


def test_the_start_page_refuses_an_ineligible_unit_with_the_reason(client):
    call = CallFactory(year=2020)
    user = UnitUserFactory(unit=UnitFactory(name="新单位", named_year=2020))
    client.force_login(user)
    assert "本单位不在范围内" in client.get(reverse("applications:mine")).content.decode()

    response = client.post(reverse("applications:mine"), {"call": call.pk}, follow=True)
    assert "新单位不在本年度申报范围内：须为2015—2019年被命名的“职工心灵驿站”。" in response.content.decode()
    assert not Application.objects.exists()


def test_the_start_page_shows_a_submitted_application_with_its_number(client, application):
    services.submit(
        application, UnitUserFactory(unit=application.unit), now=application.call.opens_at + timedelta(days=1)
    )
    client.force_login(UnitUserFactory(unit=application.unit))
    page = client.get(reverse("applications:mine")).content.decode()
    assert "2020-001" in page and "查看申报" in page and "已提交" in page


def test_a_bad_call_number_is_404(unit_client):
    assert unit_client.post(reverse("applications:mine"), {"call": "abc"}).status_code == 404


# --- section pages: GET --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("basic", ["一、申报单位基本信息", "单位名称", "被命名年份", "2017", "所属区/产业工会", "朝阳区", "单位简介"]),
        ("foundation", ["二、职工心理服务工作基础", "功能分区介绍", "现有心理设备设施", "心理工作人员介绍", "张三丰"]),
        ("history", ["三、2019年职工心理服务工作开展情况", "4、是否与第三方心理服务机构合作？", "72.7"]),
        ("project", ["四、2020年职工心理服务项目申报", "经费预算", "20,000.00", "0.00", "12,000.00", "8,000.00"]),
        ("signoff", ["申报单位意见", "已告知所列心理工作人员并取得其同意", "个人信息处理说明", "刘芳"]),
    ],
)
def test_each_section_page_shows_its_fields_with_the_saved_values(unit_client, application, section, expected):
    response = unit_client.get(section_url(application, section))
    assert response.status_code == 200
    page = response.content.decode()
    for text in expected:
        assert text in page, text
    assert "检查并提交" in page
    assert f'href="{reverse("applications:check", args=[application.pk])}"' in page
    assert page.count('data-status-of="') == 5


def test_the_budget_figures_are_the_exact_total_and_its_split(unit_client, application):
    response = unit_client.get(section_url(application, "project"))
    assert response.context["budget"] == {
        "total": "20,000.00",
        "grant": "20,000.00",
        "self_funded": "0.00",
        "grant_amount": "20000.00",
    }
    (table,) = [item for item in response.context["items"] if item.name == "budget_items"]
    assert table.columns == [
        ("支出明细", True),
        ("单价（元）", True),
        ("数量", True),
        ("金额（元）", False),
        ("说明", False),
    ]
    assert table.label == "7、经费预算（市总工会助推资金2万元，超出部分由本单位自筹）"
    amounts = [cell.value for row in table.rows for cell in row if cell.field is None]
    assert amounts == ["12,000.00", "8,000.00"]


def test_the_progress_list_says_complete_incomplete_or_has_errors(unit_client, application):
    Application.objects.filter(pk=application.pk).update(headcount=None, starts_on="2020-12-31", ends_on="2020-08-01")
    response = unit_client.get(section_url(application, "basic"))
    assert [(step["key"], step["status_label"]) for step in response.context["progress"]] == [
        ("basic", "未完成"),
        ("foundation", "已完成"),
        ("history", "已完成"),
        ("project", "有错误"),
        ("signoff", "已完成"),
    ]


def test_the_section_page_shows_check_messages_next_to_the_field(unit_client, application):
    Application.objects.filter(pk=application.pk).update(starts_on="2020-12-31", ends_on="2020-08-01")
    page = unit_client.get(section_url(application, "project")).content.decode()
    errors_of_ends_on = page.split('data-errors-for="ends_on"', 1)[1].split("</ul>", 1)[0]
    assert "实施时间的结束日期不能早于开始日期。" in errors_of_ends_on


def test_the_unit_profile_counter_and_the_member_share_hint(unit_client, application):
    Application.objects.filter(pk=application.pk).update(unit_profile="职" * 501, card_holders=1000)
    assert "已输入 501 字，限 500 字" in unit_client.get(section_url(application, "basic")).content.decode()
    page = unit_client.get(section_url(application, "history")).content.decode()
    assert "按服务人数 ÷ 持卡职工人数计算约为 80.0%。" in page


def test_an_unknown_section_is_404(unit_client, application):
    assert unit_client.get(section_url(application, "other")).status_code == 404


def test_staff_are_sent_to_the_read_only_page(client, application):
    client.force_login(StaffFactory())
    response = client.get(section_url(application, "basic"))
    assert response["Location"] == reverse("applications:detail", args=[application.pk])


def test_the_privacy_notice_is_public_and_names_the_recipient(client):
    page = client.get(reverse("applications:privacy_notice")).content.decode()
    assert "北京市总工会" in page and "第二十三条" in page and "不收集任何人的健康信息" in page


# --- section pages: plain POST -------------------------------------------------------------------------------------


def test_a_plain_post_saves_the_section_and_writes_the_audit_trail(unit_client, application, owner):
    data = page_inputs(unit_client, application, "basic")
    data.update(headcount="１,３００", union_leader_mobile="+86 139 0000 1111", unit_nature="private")

    response = unit_client.post(section_url(application, "basic"), data)

    assert response.status_code == 302
    assert response["Location"] == section_url(application, "basic")
    application.refresh_from_db()
    assert (application.headcount, application.union_leader_mobile, application.unit_nature) == (
        1300,
        "13900001111",
        "private",
    )
    assert application.version == 2
    saved = AuditEntry.objects.get(action="applications.draft_saved")
    assert saved.data["fields"] == ["unit_nature", "headcount", "union_leader_mobile"]
    page = unit_client.get(section_url(application, "basic")).content.decode()
    assert "已保存。" in page
    assert f"已保存于 {timezone.localtime(application.updated_at):%H:%M}" in page


def test_the_district_is_read_only(unit_client, application):
    data = page_inputs(unit_client, application, "basic")
    assert "district_union" not in data
    data["district_union"] = "海淀区"
    unit_client.post(section_url(application, "basic"), data)
    application.refresh_from_db()
    assert application.district_union == "朝阳区"


def test_yes_no_and_the_partner_name(unit_client, application):
    data = page_inputs(unit_client, application, "project")
    assert data["partnered"] == "False"
    data.update(partnered="True", partner_name="北京心理援助中心")
    unit_client.post(section_url(application, "project"), data)
    application.refresh_from_db()
    assert (application.partnered, application.partner_name) == (True, "北京心理援助中心")
    page = unit_client.get(section_url(application, "project")).content.decode()
    assert 'data-partner-of="partnered"' in page


def test_the_signoff_confirmations(unit_client, application):
    Application.objects.filter(pk=application.pk).update(declaration_confirmed=False, privacy_confirmed=False)
    data = page_inputs(unit_client, application, "signoff")
    assert "privacy_confirmed" not in data
    data.update(declaration_confirmed="on", privacy_confirmed="on")
    unit_client.post(section_url(application, "signoff"), data)
    application.refresh_from_db()
    assert (application.declaration_confirmed, application.privacy_confirmed) == (True, True)

    data = page_inputs(unit_client, application, "signoff")
    del data["privacy_confirmed"]  # unticked
    unit_client.post(section_url(application, "signoff"), data)
    application.refresh_from_db()
    assert application.privacy_confirmed is False


def test_a_new_person_clears_the_privacy_confirmation(unit_client, application):
    data = page_inputs(unit_client, application, "foundation")
    data.update({"psych_workers-2-name": "王五", "psych_workers-2-years": "3"})
    unit_client.post(section_url(application, "foundation"), data)
    application.refresh_from_db()
    assert application.privacy_confirmed is False
    assert [m.name for m in application.psych_workers.all()] == ["张三丰", "刘芳", "王五"]


def test_another_units_user_gets_404_as_for_a_missing_application(client, application):
    client.force_login(UnitUserFactory())
    assert client.get(section_url(application, "basic")).status_code == 404
    assert client.post(section_url(application, "basic"), {"version": 1, "headcount": "5"}).status_code == 404
    assert client.get(reverse("applications:section", args=[999999, "basic"])).status_code == 404
    assert Application.objects.get(pk=application.pk).headcount == 1200


def test_the_submitted_application_cannot_be_edited(unit_client, application, owner):
    services.submit(application, owner, now=application.call.opens_at + timedelta(days=1))
    response = unit_client.post(section_url(application, "basic"), {"version": 1, "headcount": "5"})
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    assert Application.objects.get(pk=application.pk).headcount == 1200


def test_money_is_decimal_on_the_page_even_for_fractions(unit_client):
    application = ApplicationFactory(with_rows=False)
    services.save_draft(
        application,
        {},
        {"budget_items": [{"item": "茶歇", "unit_price": Decimal("0.10"), "quantity": Decimal("3"), "notes": ""}]},
        expected_version=1,
    )
    client = unit_client
    client.force_login(UnitUserFactory(unit=application.unit))
    response = client.get(section_url(application, "project"))
    assert response.context["budget"]["total"] == "0.30"
    assert response.context["budget"]["self_funded"] == "0.00"
