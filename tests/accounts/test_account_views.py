import base64

import pytest
from django.test import Client
from django.urls import reverse

from psyboost.accounts.models import Role, User
from psyboost.audit.models import AuditEntry
from tests.accounts.helpers import post_login, read_sheet
from tests.factories import AdminFactory, ExpertFactory, StaffFactory, UnitUserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def reset_url(account):
    return reverse("accounts:reset_password", args=[account.pk])


def active_url(account):
    return reverse("accounts:set_active", args=[account.pk])


# ---- reset -------------------------------------------------------------------------------------------------------


def test_reset_shows_a_new_initial_password_once_and_the_old_one_stops_working(staff_client):
    account = UnitUserFactory(username="u00042", unit__name="北京市第一热力公司")
    next_url = reverse("calls:unit_accounts") + "?q=%E7%83%AD%E5%8A%9B"

    response = staff_client.post(reset_url(account), {"next": next_url})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [row] = response.context["rows"]
    assert row[:3] == ["北京市第一热力公司", "朝阳区", "u00042"]
    page = response.content.decode()
    assert "已重置“u00042”的密码" in page
    assert f'href="{next_url}"' in page.replace("&amp;", "&")
    account.refresh_from_db()
    assert account.must_change_password is True
    assert AuditEntry.objects.filter(action="accounts.password_reset", target_id=str(account.pk)).count() == 1

    client = Client()
    assert post_login(client, "u00042", PASSWORD).status_code == 200
    assert post_login(client, "u00042", row[3]).status_code == 302
    assert client.get(reverse("workbench:home")).url == reverse("accounts:password_change")


def test_reset_offers_the_same_sheet_from_the_page(staff_client):
    account = ExpertFactory(username="expert7")

    response = staff_client.post(reset_url(account))

    href = response.context["sheet_href"]
    prefix = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
    assert href.startswith(prefix)
    rows = read_sheet(base64.b64decode(href[len(prefix) :]))
    assert rows[1][2:4] == ["expert7", response.context["rows"][0][3]]


def test_reset_goes_back_to_the_list_unless_next_is_on_this_site(staff_client):
    account = ExpertFactory()

    response = staff_client.post(reset_url(account), {"next": "https://evil.invalid/"})

    assert response.context["back_url"] == reverse("accounts:expert_accounts")


def test_reset_is_post_only(staff_client):
    assert staff_client.get(reset_url(UnitUserFactory())).status_code == 405


def test_reset_of_a_missing_account_is_404_for_staff(staff_client):
    assert staff_client.post(reverse("accounts:reset_password", args=[999999])).status_code == 404


# ---- deactivate / activate ---------------------------------------------------------------------------------------


def test_deactivated_user_is_signed_out_and_cannot_sign_in_until_activated(staff_client):
    account = UnitUserFactory(username="u00042")
    client = Client()
    client.force_login(account)
    assert client.get(reverse("workbench:home")).status_code == 200

    response = staff_client.post(active_url(account), {"active": "0"}, follow=True)

    assert "已停用账号“u00042”，该用户将无法登录。" in response.content.decode()
    account.refresh_from_db()
    assert account.is_active is False
    assert client.get(reverse("workbench:home")).context["user"].is_authenticated is False
    assert post_login(client, "u00042", PASSWORD).status_code == 200

    staff_client.post(active_url(account), {"active": "1"})
    account.refresh_from_db()
    assert account.is_active is True
    assert post_login(client, "u00042", PASSWORD).status_code == 302
    entries = AuditEntry.objects.filter(
        target_id=str(account.pk), action__in=["accounts.activated", "accounts.deactivated"]
    )
    assert sorted(entries.values_list("action", flat=True)) == ["accounts.activated", "accounts.deactivated"]


def test_set_active_twice_changes_nothing_the_second_time(staff_client):
    account = UnitUserFactory()
    staff_client.post(active_url(account), {"active": "0"})
    staff_client.post(active_url(account), {"active": "0"})

    assert AuditEntry.objects.filter(action="accounts.deactivated").count() == 1


# ---- expert and federation accounts ------------------------------------------------------------------------------


def test_staff_create_an_expert_account(staff_client):
    url = reverse("accounts:expert_accounts")
    ExpertFactory(username="expert1", display_name="王立新")

    listing = staff_client.get(url)
    response = staff_client.post(url, {"username": "zhang.hua", "display_name": "张国华", "phone": "", "email": ""})

    assert "<code>expert1</code>" in listing.content.decode()
    assert response.status_code == 200
    expert = User.objects.get(username="zhang.hua")
    assert (expert.role, expert.display_name, expert.must_change_password) == (Role.EXPERT, "张国华", True)
    assert response.context["rows"][0][2:4] == ["zhang.hua", response.context["rows"][0][3]]
    assert expert.check_password(response.context["rows"][0][3])


def test_expert_form_errors_are_chinese_and_keep_the_input(staff_client):
    response = staff_client.post(
        reverse("accounts:expert_accounts"), {"username": "", "display_name": "张国华", "email": "not-an-address"}
    )

    page = response.content.decode()
    assert "这个字段是必填项。" in page
    assert "输入一个有效的 Email 地址。" in page
    assert 'value="张国华"' in page
    assert not User.objects.filter(role=Role.EXPERT).exists()


def test_admin_creates_a_staff_account(admin_user, client):
    client.force_login(admin_user)

    response = client.post(
        reverse("accounts:staff_accounts"), {"username": "li.wenhua", "display_name": "李文华", "role": "staff"}
    )

    assert response.status_code == 200
    user = User.objects.get(username="li.wenhua")
    assert (user.role, user.unit, user.is_staff, user.must_change_password) == (Role.STAFF, None, False, True)


def test_admin_may_deactivate_staff_but_not_themself(admin_user, client):
    colleague = StaffFactory(username="colleague")
    client.force_login(admin_user)

    page = client.get(reverse("accounts:staff_accounts")).content.decode()
    assert client.post(active_url(colleague), {"active": "0"}).status_code == 302
    assert client.post(active_url(admin_user), {"active": "0"}).status_code == 403
    assert client.post(reset_url(admin_user)).status_code == 403

    assert reset_url(colleague) in page and reset_url(admin_user) not in page
    colleague.refresh_from_db()
    admin_user.refresh_from_db()
    assert (colleague.is_active, admin_user.is_active) == (False, True)


def test_staff_manage_unit_and_expert_accounts_but_not_federation_ones(staff_client):
    assert staff_client.post(reset_url(UnitUserFactory())).status_code == 200
    assert staff_client.post(reset_url(ExpertFactory())).status_code == 200
    other_staff, admin = StaffFactory(), AdminFactory()
    for account in (other_staff, admin):
        assert staff_client.post(reset_url(account)).status_code == 403
        assert staff_client.post(active_url(account), {"active": "0"}).status_code == 403
    assert User.objects.filter(is_active=False).count() == 0
    assert staff_client.get(reverse("accounts:staff_accounts")).status_code == 403


def test_a_superuser_administrator_cannot_deactivate_themself_either(client):
    # The rules hold for a superuser too: the page shows no buttons and the request is refused.
    admin = AdminFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)

    page = client.get(reverse("accounts:staff_accounts")).content.decode()
    response = client.post(active_url(admin), {"active": "0"})

    assert active_url(admin) not in page
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.is_active is True
    assert not AuditEntry.objects.filter(action="accounts.deactivated").exists()


def test_reactivating_an_account_does_not_revive_its_old_sessions(staff_client):
    account = UnitUserFactory(username="u00043")
    old = Client()
    old.force_login(account)
    staff_client.post(active_url(account), {"active": "0"})
    staff_client.post(active_url(account), {"active": "1"})
    account.refresh_from_db()
    assert account.is_active is True
    assert old.get(reverse("workbench:home")).context["user"].is_authenticated is False
