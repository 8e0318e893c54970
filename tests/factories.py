"""Real objects for tests: every factory saves to the test database."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from psyboost.accounts.models import Role, User
from psyboost.calls.models import Call, Unit

BEIJING = ZoneInfo("Asia/Shanghai")
# A moment inside the 2020 call of CallFactory: the form is open (tests that edit drafts travel here).
IN_THE_2020_CALL = datetime(2020, 7, 1, 10, 0, tzinfo=BEIJING)


def submitted_in_the_call(call):
    """When the factories' submitted applications were sent: ten days before their call's deadline."""
    return call.deadline - timedelta(days=10)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n:04d}")
    district_union = "朝阳区"
    parent_union = "朝阳区总工会"
    named_year = 2017


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        django_get_or_create = ("year",)

    year = 2020
    name = factory.LazyAttribute(lambda call: f"{call.year}年职工心理服务助推项目")
    edition = factory.LazyAttribute(lambda call: f"{call.year}版")
    opens_at = factory.LazyAttribute(lambda call: datetime(call.year, 6, 1, tzinfo=BEIJING))
    deadline = factory.LazyAttribute(lambda call: datetime(call.year, 7, 20, 23, 59, 59, tzinfo=BEIJING))
    quota = 40
    grant_amount = Decimal("20000.00")
    announcement_days = 5
    named_year_from = 2015
    named_year_to = 2019
    contact_people = "李文华 周娜"
    contact_phones = "83570324 83570053"
    contact_email = "zgxlfwzt@163.com"
    contact_address = "北京市西城区虎坊路13号北京职工服务中心职业发展部"
    contact_postcode = "100052"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.STAFF


class AdminFactory(UserFactory):
    role = Role.ADMIN


class ExpertFactory(UserFactory):
    role = Role.EXPERT


class UnitUserFactory(UserFactory):
    role = Role.UNIT
    unit = factory.SubFactory(UnitFactory)


# --- applications (issue 3): a complete, valid 申报表（2020版） and its rows -----------------------------------------

import hashlib  # noqa: E402
from datetime import date  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402

from psyboost.applications import models as application_models  # noqa: E402
from psyboost.applications.choices import AttachmentKind, Education, Qualification, UnitNature  # noqa: E402

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft with every field, table and photo filled in so that it passes every check of the 2020 form."""

    class Meta:
        model = application_models.Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    unit = factory.SubFactory(UnitFactory)
    district_union = "朝阳区"
    parent_union = "朝阳区总工会"
    unit_nature = UnitNature.STATE_OWNED
    headcount = 1200
    card_holders = 1100
    union_leader = "王建国"
    union_leader_mobile = "13800138000"
    union_leader_landline = "010-65001234"
    contact_name = "李晓梅"
    contact_mobile = "13911112222"
    contact_landline = "65005678"
    contact_email = "xinling@example.com"
    address = "北京市朝阳区建国路88号"
    unit_profile = "本单位为大型国有企业，职工一千二百人，主要从事城市供热服务，冬季运行期间倒班多、压力大。"
    site_area = Decimal("120.0")
    area_count = 2
    site_investment = Decimal("15.50")
    union_worker_count = 6
    internal_psych_worker_count = 1
    external_psych_worker_count = 1
    qualified_people_count = 2
    past_beneficiaries = "全体职工及家属"
    past_beneficiary_count = 800
    past_member_share = Decimal("72.7")
    past_investment = Decimal("5.00")
    past_partnered = True
    past_partner_name = "北京阳光心理咨询中心"
    past_model = "心理讲座、团体辅导与一对一咨询相结合。"
    past_results = "职工参与度高，满意度达95%。"
    beneficiaries = "一线运行职工"
    beneficiary_count = 600
    starts_on = factory.LazyAttribute(lambda application: date(application.call.year, 8, 1))
    ends_on = factory.LazyAttribute(lambda application: date(application.call.year, 12, 31))
    partnered = False
    partner_name = ""
    plan = "8月需求调研，9—11月开展讲座和团体辅导，12月总结评估。"
    expected_results = "提升职工心理健康意识，建立心理关爱长效机制。"
    declaration_confirmed = True
    privacy_confirmed = True

    @factory.post_generation
    def with_rows(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        FunctionalAreaFactory(application=obj, position=0, name="放松区", area=Decimal("40.0"))
        FunctionalAreaFactory(application=obj, position=1, name="团体辅导区", area=Decimal("60.0"))
        EquipmentFactory(application=obj, position=0)
        PsychWorkerFactory(application=obj, position=0, name="张三丰", birth_month=date(1980, 5, 1))
        PsychWorkerFactory(application=obj, position=1, name="刘芳", birth_month=date(1990, 10, 1), years=5)
        ScheduleItemFactory(application=obj, position=0)
        BudgetItemFactory(application=obj, position=0, item="心理讲座", unit_price=Decimal("2000.00"), quantity=6)
        BudgetItemFactory(application=obj, position=1, item="团体辅导", unit_price=Decimal("1600.00"), quantity=5)

    @factory.post_generation
    def with_photos(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        AttachmentFactory(application=obj, kind=AttachmentKind.SITE_PHOTO, original_name="场地照片.jpg")
        AttachmentFactory(application=obj, kind=AttachmentKind.EQUIPMENT_PHOTO, original_name="设备照片.jpg")


class DraftApplicationFactory(factory.django.DjangoModelFactory):
    """A new, empty draft: only what the registry prefills."""

    class Meta:
        model = application_models.Application

    call = factory.SubFactory(CallFactory)
    unit = factory.SubFactory(UnitFactory)
    district_union = factory.LazyAttribute(lambda application: application.unit.district_union)
    parent_union = factory.LazyAttribute(lambda application: application.unit.parent_union)


class FunctionalAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = application_models.FunctionalArea

    application = factory.SubFactory(ApplicationFactory, with_rows=False, with_photos=False)
    position = factory.Sequence(lambda n: n)
    name = "放松区"
    area = Decimal("40.0")
    function = "音乐放松、冥想"


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = application_models.Equipment

    application = factory.SubFactory(ApplicationFactory, with_rows=False, with_photos=False)
    position = factory.Sequence(lambda n: n)
    name = "音乐放松椅"
    quantity = 2
    function = "放松减压"
    investment = Decimal("3.20")


class PsychWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = application_models.PsychWorker

    application = factory.SubFactory(ApplicationFactory, with_rows=False, with_photos=False)
    position = factory.Sequence(lambda n: n)
    name = "张三丰"
    birth_month = date(1980, 5, 1)
    education = Education.MASTER
    qualification = Qualification.COUNSELOR_2
    years = 10
    services = "个体咨询、团体辅导"


class BudgetItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = application_models.BudgetItem

    application = factory.SubFactory(ApplicationFactory, with_rows=False, with_photos=False)
    position = factory.Sequence(lambda n: n)
    item = "心理讲座"
    unit_price = Decimal("2000.00")
    quantity = Decimal("5")
    notes = "外请专家"


class ScheduleItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = application_models.ScheduleItem

    application = factory.SubFactory(ApplicationFactory, with_rows=False, with_photos=False)
    position = factory.Sequence(lambda n: n)
    period = "2020年8月"
    content = "职工心理需求调研"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = application_models.Attachment

    class Params:
        data = JPEG_BYTES

    application = factory.SubFactory(ApplicationFactory, with_rows=False, with_photos=False)
    kind = AttachmentKind.SITE_PHOTO
    file = factory.LazyAttribute(lambda attachment: ContentFile(attachment.data, name="upload"))
    original_name = "照片.jpg"
    size = factory.LazyAttribute(lambda attachment: len(attachment.data))
    content_type = "image/jpeg"
    sha256 = factory.LazyAttribute(lambda attachment: hashlib.sha256(attachment.data).hexdigest())


# ---- review ---------------------------------------------------------------------------------------------------------


class PaperCopyFactory(factory.django.DjangoModelFactory):
    """The paper copy as it arrives with both seals (the call's default needs both before acceptance)."""

    class Meta:
        model = application_models.PaperCopy

    received_on = date(2020, 7, 18)
    has_unit_seal = True
    has_union_seal = True


from psyboost.applications.workflow import State as ApplicationState  # noqa: E402
from psyboost.review import models as review_models  # noqa: E402


class AcceptedApplicationFactory(ApplicationFactory):
    """A complete application that passed the formal check: what the review works on. (A fixture shortcut: the
    workflow's own tests walk the real transitions.)"""

    state = ApplicationState.ACCEPTED
    number = factory.Sequence(lambda n: n + 1)
    submitted_at = factory.LazyAttribute(lambda application: submitted_in_the_call(application.call))


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = review_models.Expert

    user = factory.SubFactory(ExpertFactory)
    name = factory.Sequence(lambda n: f"专家{n}")
    organisation = "北京师范大学心理学部"
    title = "教授"
    expertise = "职工心理健康、团体辅导"
    district_union = "海淀区"


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = review_models.PanelMember

    call = factory.SubFactory(CallFactory)
    expert = factory.SubFactory(ExpertProfileFactory)


class ReviewSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = review_models.ReviewSettings
        django_get_or_create = ("call",)

    call = factory.SubFactory(CallFactory)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = review_models.Criterion

    call = factory.SubFactory(CallFactory)
    stage = review_models.Stage.MATERIALS
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"评审指标{n}")
    max_points = Decimal("20")


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = review_models.Conflict

    call = factory.SubFactory(CallFactory)
    expert = factory.SubFactory(ExpertProfileFactory)
    unit = factory.SubFactory(UnitFactory)
    kind = review_models.Conflict.Kind.OWN_UNIT
    source = review_models.Conflict.Source.DECLARED


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = review_models.Assignment

    application = factory.SubFactory(AcceptedApplicationFactory)
    expert = factory.SubFactory(ExpertProfileFactory)
    stage = review_models.Stage.MATERIALS


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = review_models.Review

    assignment = factory.SubFactory(AssignmentFactory)


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = review_models.Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory)
    points = Decimal("15")
