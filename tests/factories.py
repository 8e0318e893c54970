"""Real objects for tests: every factory saves to the test database."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from psyboost.accounts.models import Role, User
from psyboost.calls.models import Call, Unit

BEIJING = ZoneInfo("Asia/Shanghai")


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
