import pytest
from axes.models import AccessAttempt

from psyboost.accounts import services
from psyboost.accounts.models import Role, User
from psyboost.audit.models import AuditEntry
from psyboost.calls import unit_accounts
from psyboost.calls.models import Unit
from tests.factories import ExpertFactory, StaffFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


def test_bulk_creation_gives_one_account_to_each_unit_without_one(staff_user):
    units = UnitFactory.create_batch(4, contact_name="王芳")
    UnitUserFactory(unit=units[1], username="already")
    UnitUserFactory(unit=units[2], username="stopped", is_active=False)

    issued = unit_accounts.create_unit_accounts(Unit.objects.all(), actor=staff_user)

    assert sorted(item.user.unit_id for item in issued) == sorted([units[0].pk, units[3].pk])
    assert User.objects.filter(role=Role.UNIT).count() == 4
    for item in issued:
        user = User.objects.get(username=item.user.username)
        assert user.username == f"u{user.unit_id:05d}"
        assert user.must_change_password is True
        assert user.is_active is True
        assert user.display_name == "王芳"
        assert user.check_password(item.password)
        assert item.password not in user.password
    assert User.objects.filter(unit=units[1]).count() == 1
    assert User.objects.filter(unit=units[2]).count() == 1


def test_bulk_creation_is_recorded_with_counts_and_no_password(staff_user):
    UnitFactory.create_batch(3)
    UnitUserFactory(unit=UnitFactory())

    issued = unit_accounts.create_unit_accounts(Unit.objects.all(), actor=staff_user, scope={"scope": "all"})

    entry = AuditEntry.objects.get(action="accounts.unit_accounts_created")
    assert entry.actor == staff_user
    assert entry.data["created"] == 3
    assert entry.data["skipped"] == 1
    assert entry.data["scope"] == {"scope": "all"}
    assert entry.data["usernames"] == [item.user.username for item in issued]
    stored = str(entry.data) + entry.reason
    assert all(item.password not in stored for item in issued)


def test_bulk_creation_a_second_time_creates_nothing(staff_user):
    UnitFactory.create_batch(2)
    unit_accounts.create_unit_accounts(Unit.objects.all(), actor=staff_user)

    assert unit_accounts.create_unit_accounts(Unit.objects.all(), actor=staff_user) == []
    assert User.objects.filter(role=Role.UNIT).count() == 2
    assert AuditEntry.objects.filter(action="accounts.unit_accounts_created").count() == 1


def test_bulk_creation_only_touches_the_given_units(staff_user):
    chaoyang = UnitFactory(district_union="朝阳区")
    UnitFactory(district_union="海淀区")

    issued = unit_accounts.create_unit_accounts(Unit.objects.filter(district_union="朝阳区"), actor=staff_user)

    assert [item.user.unit for item in issued] == [chaoyang]
    assert User.objects.filter(role=Role.UNIT).count() == 1


def test_bulk_creation_steps_around_a_username_already_taken(staff_user):
    unit = UnitFactory()
    ExpertFactory(username=f"u{unit.pk:05d}")

    [issued] = unit_accounts.create_unit_accounts(Unit.objects.all(), actor=staff_user)

    assert issued.user.username == f"u{unit.pk:05d}-2"
    assert issued.user.unit == unit


def test_a_second_user_of_a_unit_gets_the_next_suffix(staff_user):
    unit = UnitFactory()
    unit_accounts.create_unit_accounts(Unit.objects.all(), actor=staff_user)

    second = unit_accounts.add_unit_user(unit, actor=staff_user, display_name="张伟")
    third = unit_accounts.add_unit_user(unit, actor=staff_user)

    assert [second.user.username, third.user.username] == [f"u{unit.pk:05d}-2", f"u{unit.pk:05d}-3"]
    assert second.user.display_name == "张伟"
    assert second.user.must_change_password is True
    assert second.user.check_password(second.password)
    entry = AuditEntry.objects.filter(action="accounts.created").first()
    assert entry.target_id == str(third.user.pk)
    assert entry.data == {"role": "unit", "unit": unit.pk}


def test_a_chosen_username_that_was_taken_meanwhile_saves_nothing(staff_user):
    unit = UnitFactory()
    StaffFactory(username="taken")

    with pytest.raises(services.AccountsChanged) as refusal:
        unit_accounts.add_unit_user(unit, actor=staff_user, username="taken")

    assert str(refusal.value) == "账号刚刚被其他工作人员修改过，本次没有创建任何账号。请刷新页面后重试。"
    assert not User.objects.filter(unit=unit).exists()
    assert not AuditEntry.objects.filter(action="accounts.created").exists()


def test_create_account_makes_experts_and_staff_but_not_unit_users(admin_user):
    expert = services.create_account(Role.EXPERT, actor=admin_user, username="e.wang", display_name="王立新")
    staff = services.create_account(Role.STAFF, actor=admin_user, username="s.li", display_name="李文华")

    assert (expert.user.role, expert.user.unit, expert.user.must_change_password) == (Role.EXPERT, None, True)
    assert staff.user.role == Role.STAFF
    assert User.objects.get(username="e.wang").check_password(expert.password)
    with pytest.raises(ValueError):
        services.create_account(Role.UNIT, actor=admin_user, username="x", display_name="x")


def test_reset_gives_a_new_initial_password_and_lifts_a_lockout(staff_user):
    user = UnitUserFactory(username="u00007")
    user.must_change_password = False
    user.save()
    AccessAttempt.objects.create(
        username="u00007",
        ip_address="127.0.0.1",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        failures_since_start=5,
    )

    issued = services.reset_password(user, actor=staff_user)

    user.refresh_from_db()
    assert user.must_change_password is True
    assert user.check_password(issued.password)
    assert not user.check_password("correct horse battery")
    assert not AccessAttempt.objects.filter(username="u00007").exists()
    entry = AuditEntry.objects.get(action="accounts.password_reset")
    assert (entry.actor, entry.target_id, entry.data) == (staff_user, str(user.pk), {})


def test_set_active_records_only_real_changes(staff_user):
    user = UnitUserFactory()

    assert services.set_active(user, False, actor=staff_user, reason="单位合并") is True
    assert services.set_active(user, False, actor=staff_user) is False
    assert services.set_active(user, True, actor=staff_user) is True

    user.refresh_from_db()
    assert user.is_active is True
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "reason"))
    assert actions == [("accounts.deactivated", "单位合并"), ("accounts.activated", "")]


def test_nobody_deactivates_their_own_account(admin_user):
    with pytest.raises(services.OwnAccountRefused):
        services.set_active(admin_user, False, actor=admin_user)

    admin_user.refresh_from_db()
    assert admin_user.is_active is True
    assert services.set_active(admin_user, True, actor=admin_user) is False
