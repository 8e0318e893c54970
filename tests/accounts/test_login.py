"""Signing in: the forced change of an initial password, the password rules, and the lockout after failures."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from psyboost.accounts import services
from psyboost.accounts.models import User
from psyboost.audit.models import AuditEntry
from psyboost.calls import unit_accounts
from tests import factories
from tests.accounts.helpers import post_login
from tests.factories import ExpertFactory, StaffFactory, UnitFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
CHANGE = reverse("accounts:password_change")
LOCKED = "账号已暂时锁定"


@pytest.fixture
def initial(staff_user):
    """A unit user as bulk creation leaves them, with their initial password."""
    return unit_accounts.add_unit_user(UnitFactory(), actor=staff_user)


def test_login_page_and_good_password(client):
    StaffFactory(username="chen")

    assert client.get(reverse("accounts:login")).status_code == 200
    response = post_login(client, "chen", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("workbench:index")  # staff land on the workbench


@pytest.mark.parametrize(
    ("factory", "landing"),
    [
        ("UnitUserFactory", "/applications/mine/"),
        ("ExpertFactory", "/review/my-assignments/"),
        ("AdminFactory", "/staff/"),
    ],
)
def test_each_role_lands_on_its_own_start_page(client, factory, landing):
    getattr(factories, factory)(username="someone")

    response = post_login(client, "someone", PASSWORD)

    assert response.url == landing


def test_wrong_password_explains_the_lockout_rule(client):
    StaffFactory(username="chen")

    response = post_login(client, "chen", "wrong password")

    assert response.status_code == 200
    assert "用户名或密码不正确。连续输错 5 次，账号将被锁定 15 分钟。" in response.content.decode()


# ---- the forced change of an initial password --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("workbench:home"),
        reverse("workbench:index"),
        reverse("calls:unit_accounts"),
        reverse("accounts:login"),
        "/calls/2020/",
        "/no-such-page/",
    ],
)
def test_an_initial_password_leads_everywhere_to_the_change_page(client, initial, url):
    assert post_login(client, initial.user.username, initial.password).status_code == 302

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == CHANGE


def test_with_an_initial_password_the_change_page_and_logout_stay_open(client, initial):
    post_login(client, initial.user.username, initial.password)

    page = client.get(CHANGE)
    assert page.status_code == 200
    assert "您正在使用初始密码，请先设置新密码后再继续使用平台。" in page.content.decode()
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("workbench:home")).status_code == 200


def test_after_the_change_the_user_is_let_through(client, initial):
    post_login(client, initial.user.username, initial.password)

    response = client.post(
        CHANGE,
        {"old_password": initial.password, "new_password1": "Xinling-2020-ok", "new_password2": "Xinling-2020-ok"},
    )

    assert response.status_code == 302
    assert client.get(reverse("workbench:home")).status_code == 200
    initial.user.refresh_from_db()
    assert initial.user.must_change_password is False
    assert AuditEntry.objects.filter(action="accounts.password_changed", actor=initial.user).count() == 1
    client.post(reverse("accounts:logout"))
    assert post_login(client, initial.user.username, initial.password).status_code == 200
    assert post_login(client, initial.user.username, "Xinling-2020-ok").status_code == 302


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Ab3-xyz", "密码太短，至少需要 10 个字符。"),
        ("1234567890", "这个密码太常见了。"),
        ("3141592653589", "密码只包含数字。"),
        ("password123", "这个密码太常见了。"),
    ],
)
def test_password_rules_speak_chinese(client, initial, new_password, message):
    post_login(client, initial.user.username, initial.password)

    response = client.post(
        CHANGE, {"old_password": initial.password, "new_password1": new_password, "new_password2": new_password}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    initial.user.refresh_from_db()
    assert initial.user.must_change_password is True


def test_the_change_page_refuses_a_wrong_old_password_a_mismatch_and_the_same_password(client, initial):
    post_login(client, initial.user.username, initial.password)

    wrong_old = client.post(
        CHANGE, {"old_password": "nope", "new_password1": "Xinling-2020-ok", "new_password2": "Xinling-2020-ok"}
    )
    mismatch = client.post(
        CHANGE, {"old_password": initial.password, "new_password1": "Xinling-2020-ok", "new_password2": "Xinling-2021"}
    )
    same = client.post(
        CHANGE, {"old_password": initial.password, "new_password1": initial.password, "new_password2": initial.password}
    )

    assert "你的旧密码不正确。请重新输入。" in wrong_old.content.decode()
    assert "输入的两个密码不一致。" in mismatch.content.decode()
    assert "新密码不能与当前密码相同。" in same.content.decode()
    initial.user.refresh_from_db()
    assert initial.user.must_change_password is True


def test_the_user_name_is_not_accepted_in_the_password(client, initial):
    post_login(client, initial.user.username, initial.password)
    similar = initial.user.username + "x1"

    response = client.post(
        CHANGE, {"old_password": initial.password, "new_password1": similar, "new_password2": similar}
    )

    assert "密码跟 用户名 太相似了。" in response.content.decode()


# ---- lockout -----------------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_username_even_for_the_right_password(client):
    StaffFactory(username="chen")

    answers = [post_login(client, "chen", f"wrong {n}").status_code for n in range(5)]
    locked = post_login(client, "chen", PASSWORD)

    # The fifth failure already answers with the lockout page; the sixth attempt is refused unread.
    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert LOCKED in page
    assert "为保护账号安全，该账号已被锁定 15 分钟" in page
    assert "accounts/locked_out.html" in [template.name for template in locked.templates]
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_still_signs_in_and_clears_the_count(client):
    StaffFactory(username="chen")
    for n in range(4):
        post_login(client, "chen", f"wrong {n}")

    assert post_login(client, "chen", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="chen").exists()


def test_a_locked_username_does_not_lock_others_from_the_same_address(client):
    StaffFactory(username="chen")
    StaffFactory(username="zhou")
    for n in range(5):
        post_login(client, "chen", f"wrong {n}")

    assert post_login(Client(), "zhou", PASSWORD).status_code == 302
    assert post_login(Client(), "chen", PASSWORD).status_code == 429


def _age_attempts(username: str, minutes: int) -> None:
    """Move the recorded failures of ``username`` ``minutes`` into the past (instead of waiting)."""
    for attempt in AccessAttempt.objects.filter(username=username):
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(minutes=minutes)
        )


def test_the_lock_expires_fifteen_minutes_after_the_last_attempt(client):
    StaffFactory(username="chen")
    for n in range(5):
        post_login(client, "chen", f"wrong {n}")

    _age_attempts("chen", 14)
    assert post_login(client, "chen", PASSWORD).status_code == 429

    # That attempt, made while locked, started the fifteen minutes again.
    _age_attempts("chen", 14)
    assert post_login(client, "chen", PASSWORD).status_code == 429

    _age_attempts("chen", 16)
    assert post_login(client, "chen", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="chen").exists()


def test_a_reset_by_staff_lifts_the_lock(client, staff_user):
    user = ExpertFactory(username="chen")
    for n in range(5):
        post_login(client, "chen", f"wrong {n}")

    issued = services.reset_password(user, actor=staff_user)

    assert post_login(client, "chen", issued.password).status_code == 302


def test_failures_from_another_address_do_not_lock_the_owner_out(client):
    StaffFactory(username="chen", email="chen@example.cn")
    attacker = Client()
    for n in range(8):
        post_login(attacker, "chen", f"wrong {n}", address="203.0.113.9")

    assert post_login(attacker, "chen", PASSWORD, address="203.0.113.9").status_code == 429  # still slow there
    assert post_login(client, "chen", PASSWORD, address="10.1.2.3").status_code == 302  # the owner signs in


def test_the_owner_is_told_once_and_the_lock_is_audited(client, mailoutbox):
    user = StaffFactory(username="chen", email="chen@example.cn")
    for n in range(7):
        post_login(client, "chen", f"wrong {n}", address="203.0.113.9")

    assert [message.to for message in mailoutbox] == [["chen@example.cn"]]
    assert mailoutbox[0].subject == "【职工心理服务助推项目平台】账号登录已被暂时锁定"
    assert "从地址 203.0.113.9 连续输错密码，该地址的登录已被锁定 15 分钟" in mailoutbox[0].body
    entry = AuditEntry.objects.get(action="accounts.locked_out")
    assert (entry.target_id, entry.data) == (str(user.pk), {"username": "chen", "ip_address": "203.0.113.9"})


def test_an_administrator_unlocks_an_account(client, admin_user):
    StaffFactory(username="chen")
    for n in range(5):
        post_login(client, "chen", f"wrong {n}")
    assert post_login(client, "chen", PASSWORD).status_code == 429
    admin = Client()
    admin.force_login(admin_user)

    response = admin.post(reverse("accounts:unlock", args=[User.objects.get(username="chen").pk]), follow=True)

    assert "已解除“chen”的登录锁定。" in response.content.decode()
    assert post_login(client, "chen", PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.unlocked", actor=admin_user).count() == 1
