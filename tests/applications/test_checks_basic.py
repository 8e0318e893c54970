"""一、申报单位基本信息: every check of form-2020.md, with its exact field and message."""

import pytest

from psyboost.applications.checks import ERROR, REQUIRED, WARN, check_application, section_status
from tests.applications.conftest import found

pytestmark = pytest.mark.django_db


def test_the_complete_application_has_no_problem(application):
    assert found(application) == []
    assert section_status(check_application(application)) == {
        "basic": "complete",
        "foundation": "complete",
        "history": "complete",
        "project": "complete",
        "signoff": "complete",
    }


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("district_union", "请选择所属区/产业工会。"),
        ("parent_union", "请填写上级工会名称。"),
        ("unit_nature", "请选择单位性质。"),
        ("union_leader", "请填写工会负责人。"),
        ("contact_name", "请填写联系人。"),
        ("contact_email", "请填写联系邮箱。"),
        ("address", "请填写单位地址。"),
        ("unit_profile", "请填写单位简介。"),
        ("union_leader_mobile", "请填写工会负责人的手机号码。"),
        ("union_leader_landline", "请填写工会负责人的座机号码。"),
        ("contact_mobile", "请填写联系人的手机号码。"),
        ("contact_landline", "请填写联系人的座机号码。"),
    ],
)
def test_a_required_text_or_choice_left_empty(application, field, message):
    setattr(application, field, "" if field in {"district_union", "unit_nature"} else "  ")

    assert found(application) == [(field, message, ERROR)]
    assert check_application(application)[0].code == REQUIRED
    assert section_status(check_application(application))["basic"] == "incomplete"


@pytest.mark.parametrize(
    ("field", "message"),
    [("headcount", "请填写单位人数。"), ("card_holders", "请填写本单位/本辖区持工会会员互助服务卡职工人数。")],
)
def test_a_required_count_left_empty(application, field, message):
    setattr(application, field, None)

    assert found(application) == [(field, message, ERROR)]


def test_headcount_is_at_least_one(application):
    application.headcount = 0

    assert found(application) == [("headcount", "单位人数不能小于 1。", ERROR)]
    assert section_status(check_application(application))["basic"] == "has_errors"


def test_card_holders_may_exceed_the_headcount_for_a_district_union(application):
    application.headcount, application.card_holders = 10, 250000

    assert found(application) == []


def test_card_holders_may_be_zero_but_not_negative(application):
    application.card_holders = 0
    assert found(application) == []

    application.card_holders = -1
    assert found(application) == [("card_holders", "本单位/本辖区持工会会员互助服务卡职工人数不能小于 0。", ERROR)]


MOBILE_MESSAGE = "手机号码应为11位数字，以13至19开头，例如 13800138000。"
LANDLINE_MESSAGE = "座机号码应为 010-12345678 或 8 位数字，分机号写在后面，例如 12345678-801。"


@pytest.mark.parametrize(
    "mobile", ["13800138000", "19912345678", "138 0013 8000", "+86 13800138000", "１３８００１３８０００"]
)
def test_a_mobile_number_is_accepted(application, mobile):
    application.union_leader_mobile = application.contact_mobile = mobile

    assert found(application) == []


@pytest.mark.parametrize("mobile", ["12800138000", "1380013800", "138001380001", "010-65001234", "手机号"])
def test_a_mobile_number_in_the_wrong_format(application, mobile):
    application.union_leader_mobile = mobile

    assert found(application) == [("union_leader_mobile", MOBILE_MESSAGE, ERROR)]


@pytest.mark.parametrize(
    "landline", ["010-65001234", "65001234", "01065001234", "(010)65001234", "65001234-801", "65001234转801"]
)
def test_a_landline_number_is_accepted(application, landline):
    application.contact_landline = landline

    assert found(application) == []


@pytest.mark.parametrize("landline", ["6500123", "021-65001234", "010-6500123", "05001234", "65001234-"])
def test_a_landline_number_in_the_wrong_format(application, landline):
    application.contact_landline = landline

    assert found(application) == [("contact_landline", LANDLINE_MESSAGE, ERROR)]


def test_a_mobile_number_typed_as_the_landline_is_named(application):
    application.union_leader_landline = "13800138000"

    assert found(application) == [
        ("union_leader_landline", "这是手机号码，请在此填写座机号码，例如 010-12345678。", ERROR)
    ]


@pytest.mark.parametrize("email", ["name@", "name.example.com", "a b@example.com", "name@example"])
def test_an_invalid_email(application, email):
    application.contact_email = email

    assert found(application) == [("contact_email", "请填写有效的电子邮箱地址，例如 name@example.com。", ERROR)]


def test_a_full_width_email_is_accepted(application):
    application.contact_email = "ｘｉｎｌｉｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"

    assert found(application) == []


def test_the_profile_counts_500_characters_with_line_breaks_counted_once(application):
    application.unit_profile = "职" * 498 + "\r\n" + "工"
    assert found(application) == []

    application.unit_profile = "职" * 501
    assert found(application) == [("unit_profile", "单位简介最多 500 字，现有 501 字。", ERROR)]


def test_a_district_union_not_in_the_list(application):
    application.district_union = "火星区"

    assert found(application) == [("district_union", "所属区/产业工会“火星区”不在列表中，请重新选择。", ERROR)]


def test_a_unit_nature_not_in_the_list(application):
    application.unit_nature = "alien"

    assert found(application) == [("unit_nature", "请从列表中选择单位性质。", ERROR)]


def test_a_text_longer_than_its_field_is_an_error(application):
    application.parent_union = "工" * 101

    assert found(application) == [("parent_union", "内容过长（101 字），最多 100 字。", ERROR)]


def test_problems_come_in_form_order_with_their_sections(application):
    application.unit_profile = ""
    application.district_union = ""
    application.privacy_confirmed = False
    application.ends_on = None

    assert [(p.section, p.field) for p in check_application(application)] == [
        ("basic", "district_union"),
        ("basic", "unit_profile"),
        ("project", "ends_on"),
        ("signoff", "privacy_confirmed"),
    ]


def test_a_warning_does_not_make_a_section_incomplete(application):
    application.area_count = 3

    problems = check_application(application)

    assert [(p.field, p.severity) for p in problems] == [("functional_areas", WARN)]
    assert section_status(problems)["foundation"] == "complete"
