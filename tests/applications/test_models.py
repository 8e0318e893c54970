"""What the database itself refuses, and the small properties of the models."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from psyboost.applications.choices import AttachmentKind
from psyboost.applications.models import Application, Attachment, BudgetItem, Extension
from psyboost.applications.sections import FORM_FIELDS, ROW_KINDS, SECTIONS, label, short_label
from psyboost.applications.workflow import State
from tests.factories import (
    IN_THE_2020_CALL,
    ApplicationFactory,
    AttachmentFactory,
    BudgetItemFactory,
    CallFactory,
    DraftApplicationFactory,
    PsychWorkerFactory,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_the_number_is_shown_with_the_call_year_and_three_digits(application):
    assert application.display_number == ""
    assert str(application) == f"草稿 {application.unit.name}"
    application.number = 7
    assert application.display_number == "2020-007"
    application.number = 1234
    assert application.display_number == "2020-1234"


def test_the_unit_name_and_named_year_come_from_the_registry(application):
    application.unit.name, application.unit.named_year = "北京热力集团", 2016

    assert (application.unit_name, application.named_year) == ("北京热力集团", 2016)


def test_one_application_per_unit_and_call(application):
    refused(lambda: Application.objects.create(call=application.call, unit=application.unit))
    assert DraftApplicationFactory(unit=application.unit, call=CallFactory(year=2021)).pk


def test_a_number_is_unique_within_its_call(application):
    now = IN_THE_2020_CALL
    Application.objects.filter(pk=application.pk).update(state=State.SUBMITTED, number=3, submitted_at=now)
    other = DraftApplicationFactory(call=application.call)

    refused(lambda: Application.objects.filter(pk=other.pk).update(state=State.SUBMITTED, number=3, submitted_at=now))


@pytest.mark.parametrize(
    "values",
    [
        {"state": State.SUBMITTED},
        {"state": State.DRAFT, "number": 1},
        {"state": State.SUBMITTED, "number": 0, "submitted_at": "2020-07-01T00:00Z"},
        {"state": State.ACCEPTED, "number": 1},
        {"state": "lost"},
        {"headcount": 0},
        {"beneficiary_count": 0},
        {"past_member_share": Decimal("100.1")},
        {"site_area": Decimal("-1")},
        {"version": 0},
    ],
)
def test_the_database_refuses_impossible_applications(application, values):
    refused(lambda: Application.objects.filter(pk=application.pk).update(**values))


def test_the_database_refuses_impossible_rows(application):
    refused(lambda: BudgetItemFactory(application=application, position=5, quantity=Decimal("0")))
    refused(lambda: BudgetItemFactory(application=application, position=6, unit_price=Decimal("-0.01")))
    refused(lambda: BudgetItemFactory(application=application, position=0))
    refused(lambda: AttachmentFactory(application=application, size=0))
    refused(
        lambda: Extension.objects.create(
            call=application.call, unit=application.unit, until=IN_THE_2020_CALL, reason=""
        )
    )


def test_the_amount_is_computed_never_stored(application):
    item = BudgetItem(unit_price=Decimal("12.34"), quantity=Decimal("1.50"))

    assert item.amount == Decimal("18.5100")
    assert BudgetItem(unit_price=None, quantity=Decimal("1")).amount is None
    assert "amount" not in {field.name for field in BudgetItem._meta.get_fields()}


def test_a_birth_month_is_stored_as_the_first_of_the_month(application):
    member = PsychWorkerFactory(application=application, position=9, birth_month=date(1988, 8, 17))

    member.refresh_from_db()
    assert member.birth_month == date(1988, 8, 1)


def test_stored_file_names_are_generated_not_the_users(application):
    attachment = AttachmentFactory(
        application=application, kind=AttachmentKind.SITE_PHOTO, original_name="../../etc/passwd.jpg"
    )
    video = AttachmentFactory(application=application, kind=AttachmentKind.ACTIVITY_VIDEO, content_type="video/mp4")
    unknown = AttachmentFactory(application=application, kind=AttachmentKind.SCREENSHOT, content_type="text/plain")

    prefix = f"applications/2020/{application.pk}/"
    assert attachment.file.name.startswith(prefix + "site_photo/")
    assert attachment.file.name.endswith(".jpg")
    assert "passwd" not in attachment.file.name
    assert video.file.name.startswith(prefix + "activity_video/") and video.file.name.endswith(".mp4")
    assert "." not in unknown.file.name.rsplit("/", 1)[1]
    assert len({attachment.file.name, video.file.name, unknown.file.name}) == 3
    assert str(attachment) == "场地照片：../../etc/passwd.jpg"
    assert Attachment.objects.filter(application=application).count() == 5


def test_every_field_has_the_forms_label_and_belongs_to_one_section():
    assert len(FORM_FIELDS) == len(set(FORM_FIELDS))
    assert [section.key for section in SECTIONS] == ["basic", "foundation", "history", "project", "signoff"]
    assert set(ROW_KINDS) == {"functional_areas", "equipment", "psych_workers", "schedule_items", "budget_items"}
    assert label("card_holders") == "本单位/本辖区持工会会员互助服务卡职工人数"
    assert label("past_member_share") == "占会员总数 （%）"
    assert label("budget_items") == "经费预算"
    assert label("site_photo") == "场地照片"
    assert short_label("past_beneficiary_count") == "服务人数"
    assert short_label("site_investment") == "心理服务场地建设投入资金"
    assert short_label("partnered") == "是否与第三方专业机构合作"


def test_section_titles_follow_the_call_year():
    call = CallFactory(year=2021)

    assert [section.title_for(call) for section in SECTIONS] == [
        "一、申报单位基本信息",
        "二、职工心理服务工作基础",
        "三、2020年职工心理服务工作开展情况",
        "四、2021年职工心理服务项目申报",
        "申报单位意见",
    ]


def test_the_complete_factory_application_is_valid_for_another_year_too():
    from psyboost.applications.checks import check_application

    application = ApplicationFactory(call=CallFactory(year=2021))

    assert check_application(application) == []
