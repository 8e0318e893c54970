"""二、职工心理服务工作基础: 场地, 功能分区, 场地照片, 设备设施, 心理工作人员."""

from datetime import date
from decimal import Decimal

import pytest

from psyboost.applications.checks import ERROR, WARN, check_application
from psyboost.applications.choices import AttachmentKind, Qualification
from psyboost.applications.models import Attachment, FunctionalArea, PsychWorker
from tests.applications.conftest import found
from tests.factories import EquipmentFactory, FunctionalAreaFactory, PsychWorkerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("site_area", "请填写心理服务场地面积。"),
        ("area_count", "请填写功能区数量。"),
        ("site_investment", "请填写心理服务场地建设投入资金。"),
    ],
)
def test_the_site_figures_are_required(application, field, message):
    setattr(application, field, None)

    assert found(application) == [(field, message, ERROR)]


def test_zero_is_a_valid_site_area_count_and_investment(application):
    FunctionalArea.objects.filter(application=application).delete()
    application.site_area, application.area_count, application.site_investment = Decimal("0"), 0, Decimal("0")

    assert found(application) == []


def test_the_staff_counts_are_optional(application):
    application.union_worker_count = application.qualified_people_count = None

    assert found(application) == []


def test_functional_areas_not_matching_the_number_of_areas_is_a_warning(application):
    application.area_count = 3

    assert found(application) == [("functional_areas", "功能分区介绍填写了2个区域，与功能区数量（3个）不一致。", WARN)]


def test_functional_areas_larger_than_the_site_is_a_warning(application):
    application.site_area = Decimal("99.9")

    assert found(application) == [
        ("functional_areas", "各功能分区面积合计100.0平米，超过了心理服务场地面积（99.9平米）。", WARN)
    ]


def test_functional_areas_exactly_filling_the_site_is_fine(application):
    application.site_area = Decimal("100.0")

    assert found(application) == []


def test_a_functional_area_needs_a_name(application):
    FunctionalAreaFactory(application=application, position=2, name="", area=None)
    application.area_count = 3

    assert found(application) == [("functional_areas-2-name", "第3行：请填写区域名称。", ERROR)]


def test_no_site_photo_is_an_error(application):
    Attachment.objects.filter(kind=AttachmentKind.SITE_PHOTO).delete()

    assert found(application) == [(AttachmentKind.SITE_PHOTO, "请上传场地照片（至少一张）。", ERROR)]


def test_attachment_counts_can_be_passed_in(application):
    assert found(application, attachment_counts={AttachmentKind.EQUIPMENT_PHOTO: 1}) == [
        ("site_photo", "请上传场地照片（至少一张）。", ERROR)
    ]
    assert found(application, attachment_counts={"site_photo": 3, "equipment_photo": 1}) == []


def test_equipment_without_a_photo_is_a_warning(application):
    assert found(application, attachment_counts={"site_photo": 1}) == [
        ("equipment_photo", "已填写设备设施，但还没有上传设备照片。", WARN)
    ]


def test_no_equipment_needs_no_photo(application):
    application.equipment.all().delete()

    assert found(application, attachment_counts={"site_photo": 1}) == []


def test_equipment_needs_a_name_and_at_least_one_piece(application):
    rows = {"equipment": [EquipmentFactory.build(name=" ", quantity=0)]}

    assert found(application, rows=rows) == [
        ("equipment-0-name", "第1行：请填写设备设施名称。", ERROR),
        ("equipment-0-quantity", "第1行：数量不能小于 1。", ERROR),
    ]


def test_a_staff_member_needs_a_name(application):
    PsychWorker.objects.filter(application=application, position=1).update(name="")

    assert found(application) == [("psych_workers-1-name", "第2行：请填写姓名。", ERROR)]


@pytest.mark.parametrize(("birth", "age"), [(date(2005, 1, 1), 15), (date(1939, 12, 1), 81), (date(2021, 3, 1), -1)])
def test_a_staff_member_younger_than_16_or_older_than_80_in_the_call_year(application, birth, age):
    PsychWorker.objects.filter(application=application, position=0).update(birth_month=birth)

    assert found(application) == [
        (
            "psych_workers-0-birth_month",
            f"第1行：出生年月为{birth:%Y-%m}，2020年时{age}岁，应在16至80岁之间。",
            ERROR,
        )
    ]


@pytest.mark.parametrize("birth", [date(2004, 12, 1), date(1940, 1, 1)])
def test_ages_16_and_80_are_accepted(application, birth):
    PsychWorker.objects.filter(application=application, position=0).update(birth_month=birth, years=0)

    assert found(application) == []


def test_working_years_longer_than_age_minus_16_is_a_warning(application):
    PsychWorker.objects.filter(application=application, position=1).update(birth_month=date(1990, 10, 1), years=15)

    assert found(application) == [
        ("psych_workers-1-years", "第2行：心理工作年限为15年，超过了年龄减16（14年），请核对。", WARN)
    ]


def test_working_years_equal_to_age_minus_16_is_fine(application):
    PsychWorker.objects.filter(application=application, position=1).update(years=14)

    assert found(application) == []


def test_a_staff_member_without_birth_month_is_not_age_checked(application):
    PsychWorker.objects.filter(application=application, position=1).update(birth_month=None, years=60)

    assert found(application) == []


def test_more_staff_rows_than_internal_and_external_staff_is_a_warning(application):
    PsychWorkerFactory(application=application, position=2, name="赵六")

    assert found(application) == [
        ("psych_workers", "心理工作人员介绍填写了3人，多于内部和外聘心理服务工作人员数之和（2人）。", WARN)
    ]


def test_staff_rows_are_not_counted_against_missing_staff_numbers(application):
    application.internal_psych_worker_count = application.external_psych_worker_count = None

    assert found(application) == []


def test_other_qualification_without_a_description_is_a_warning(application):
    PsychWorker.objects.filter(application=application, position=0).update(qualification=Qualification.OTHER)

    assert found(application) == [
        ("psych_workers-0-qualification_detail", "第1行：心理资质选择了“其他”，请在补充说明中写明具体资质。", WARN)
    ]
    PsychWorker.objects.filter(application=application, position=0).update(qualification_detail="EAP咨询师")
    assert found(application) == []


def test_an_unsaved_application_is_checked_with_the_rows_given(application):
    draft = type(application)(call=application.call, unit=application.unit)

    problems = check_application(draft, attachment_counts={})

    assert {p.field for p in problems} >= {"site_photo", "budget_items", "district_union", "declaration_confirmed"}


def test_problems_follow_the_paper_forms_order_within_the_section(application):
    Attachment.objects.filter(kind=AttachmentKind.SITE_PHOTO).delete()
    PsychWorker.objects.filter(application=application, position=0).update(name="")
    application.area_count = 4
    application.union_worker_count = -1

    assert [p.field for p in check_application(application)] == [
        "functional_areas",
        "site_photo",
        "union_worker_count",
        "psych_workers-0-name",
    ]
