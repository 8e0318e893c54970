"""Who may see and change an application; masking the staff's personal information for everyone else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from hypothesis import given
from hypothesis import strategies as st

from psyboost.applications.models import Application
from psyboost.applications.rules import mask_birth_month, mask_name, psych_worker_birth_month, psych_worker_name
from psyboost.applications.workflow import State
from tests.factories import AdminFactory, ExpertFactory, StaffFactory, UnitUserFactory

pytestmark = pytest.mark.django_db

PERMISSIONS = (
    "applications.view_application",
    "applications.change_application",
    "applications.submit_application",
    "applications.screen_application",
    "applications.grant_extension",
    "applications.record_paper_copy",
    "applications.view_personal_information",
)


def granted(user, application):
    return {perm.split(".")[1] for perm in PERMISSIONS if user.has_perm(perm, application)}


def test_the_units_own_user_sees_edits_and_submits_its_draft(application, owner):
    assert granted(owner, application) == {
        "view_application",
        "change_application",
        "submit_application",
        "view_personal_information",
    }


def test_the_unit_can_only_view_once_submitted(application, owner):
    Application.objects.filter(pk=application.pk).update(
        state=State.SUBMITTED, number=1, submitted_at="2020-07-01T00:00Z"
    )
    application.refresh_from_db()

    assert granted(owner, application) == {"view_application", "view_personal_information"}


def test_a_returned_application_is_editable_again(application, owner):
    application.state = State.RETURNED

    assert "change_application" in granted(owner, application)


@pytest.mark.parametrize("factory", [StaffFactory, AdminFactory])
def test_staff_see_every_application_and_screen_but_never_edit(application, factory):
    assert granted(factory(), application) == {
        "view_application",
        "screen_application",
        "grant_extension",
        "record_paper_copy",
        "view_personal_information",
    }


@pytest.mark.parametrize(
    "make_user",
    [
        UnitUserFactory,
        ExpertFactory,
        lambda: AnonymousUser(),
    ],
)
def test_other_units_experts_and_visitors_get_nothing(application, make_user):
    assert granted(make_user(), application) == set()


def test_an_inactive_user_of_the_unit_gets_nothing(application):
    assert granted(UnitUserFactory(unit=application.unit, is_active=False), application) == set()


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三丰", "张**"), ("刘芳", "刘*"), ("欧阳娜娜", "欧***"), ("王", "*"), ("", ""), (" 李四 ", "李*")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@given(st.text(min_size=2).filter(lambda text: len(text.strip()) >= 2))
def test_a_masked_name_keeps_only_the_first_character(name):
    masked = mask_name(name)
    assert masked[0] == name.strip()[0]
    assert masked[1:] == "*" * (len(name.strip()) - 1)


def test_names_and_birth_months_are_masked_for_everyone_but_the_unit_and_staff(application, owner):
    member = application.psych_workers.get(position=0)
    expert, other = ExpertFactory(), UnitUserFactory()

    assert [psych_worker_name(user, application, member) for user in (owner, StaffFactory(), expert, other)] == [
        "张三丰",
        "张三丰",
        "张**",
        "张**",
    ]
    assert psych_worker_birth_month(owner, application, member) == "1980-05"
    assert psych_worker_birth_month(expert, application, member) == "****-**"
    assert mask_birth_month(None) == ""
