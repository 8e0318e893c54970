"""Who may open the account pages: anonymous visitors go to login; signed-in users without the right get 403."""

import pytest
from django.urls import reverse

from psyboost.accounts.models import User
from tests import factories
from tests.factories import AdminFactory, ExpertFactory, StaffFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


def _pages(unit, account):
    return {
        "unit_accounts": ("get", reverse("calls:unit_accounts")),
        "unit_accounts_create": ("post", reverse("calls:unit_accounts_create")),
        "unit_user_add": ("get", reverse("calls:unit_user_add", args=[unit.pk])),
        "expert_accounts": ("get", reverse("accounts:expert_accounts")),
        "staff_accounts": ("get", reverse("accounts:staff_accounts")),
        "reset_password": ("post", reverse("accounts:reset_password", args=[account.pk])),
        "set_active": ("post", reverse("accounts:set_active", args=[account.pk])),
    }


STAFF_PAGES = {
    "unit_accounts",
    "unit_accounts_create",
    "unit_user_add",
    "expert_accounts",
    "reset_password",
    "set_active",
}
ADMIN_PAGES = STAFF_PAGES | {"staff_accounts"}


@pytest.fixture
def pages(db):
    unit = UnitFactory()
    account = UnitUserFactory(unit=UnitFactory(), username="target")
    return _pages(unit, account)


def _call(client, method, url):
    return client.get(url) if method == "get" else client.post(url, {"scope": "all", "active": "0"})


def test_anonymous_visitors_are_sent_to_login(client, pages):
    for method, url in pages.values():
        response = _call(client, method, url)
        assert response.status_code == 302, url
        assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("make_user", [UnitUserFactory, ExpertFactory], ids=["unit", "expert"])
def test_unit_users_and_experts_are_refused(client, pages, make_user):
    client.force_login(make_user(username="someone"))
    for method, url in pages.values():
        response = _call(client, method, url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode()
    assert User.objects.get(username="target").is_active is True


@pytest.mark.parametrize(
    ("make_user", "allowed"), [(StaffFactory, STAFF_PAGES), (AdminFactory, ADMIN_PAGES)], ids=["staff", "admin"]
)
def test_federation_staff_and_admins(client, pages, make_user, allowed):
    client.force_login(make_user(username="someone"))
    for name, (method, url) in pages.items():
        status = _call(client, method, url).status_code
        assert (status in {200, 302}) == (name in allowed), (name, status)
        assert (status == 403) == (name not in allowed), (name, status)


def test_a_deactivated_staff_member_is_refused_everything(client, pages):
    client.force_login(StaffFactory(username="gone"))
    User.objects.filter(username="gone").update(is_active=False)
    for method, url in pages.values():
        assert _call(client, method, url).status_code == 302


def test_navigation_per_role(client):
    links = {
        "staff": ["单位账号", "专家账号"],
        "admin": ["单位账号", "专家账号", "工作人员账号"],
    }
    client.force_login(StaffFactory(username="s"))
    staff_nav = [item["label"] for item in client.get(reverse("workbench:home")).context["nav_items"]]
    client.force_login(AdminFactory(username="a"))
    admin_nav = [item["label"] for item in client.get(reverse("workbench:home")).context["nav_items"]]
    client.force_login(UnitUserFactory(username="u"))
    unit_nav = [item["label"] for item in client.get(reverse("workbench:home")).context["nav_items"]]

    assert [label for label in staff_nav if label.endswith("账号")] == links["staff"]
    assert [label for label in admin_nav if label.endswith("账号")] == links["admin"]
    assert not [label for label in unit_nav if label.endswith("账号")]
    assert staff_nav == [
        *("工作台", "年度评选", "形式审查", "单位名录", "单位账号", "助推项目", "资源对接", "专家账号", "结果公示"),
        "审计记录",
    ]
    assert admin_nav == [*staff_nav[:-1], "工作人员账号", "审计记录"]
    assert unit_nav == ["我的申报", "我的助推项目"]


def test_a_superuser_passes_only_the_rules_of_their_role():
    # Django lets a superuser pass every has_perm; the platform's rules hold for them as for any administrator.
    root = factories.AdminFactory(username="root", is_staff=True, is_superuser=True)
    draft = factories.ApplicationFactory()
    assert root.has_perm("applications.view_application", draft) is True
    assert root.has_perm("applications.change_application", draft) is False
    assert root.has_perm("accounts.manage_account", root) is False
    assert root.has_perm("accounts.manage_account", factories.StaffFactory(username="s")) is True
    # The Django admin's model permissions (no rule) keep Django's answer for the superuser, and nobody else has them.
    assert root.has_perm("audit.view_auditentry") is True
    assert factories.AdminFactory(username="plain").has_perm("audit.view_auditentry") is False
    root.is_active = False
    assert root.has_perm("applications.view_application", draft) is False
