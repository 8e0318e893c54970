"""The second factor (TOTP) of staff and administrators: set up, asked at every sign-in once set up, required in
production before anything else, optional in development so the demo accounts sign in with their password."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from psyboost.audit.models import AuditEntry
from tests.accounts.helpers import post_login
from tests.conftest import PASSWORD
from tests.factories import StaffFactory, UnitUserFactory

pytestmark = pytest.mark.django_db
SETUP, VERIFY, HOME = reverse("accounts:second_factor_setup"), reverse("accounts:second_factor_verify"), "/"


def current_token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_setup_confirms_a_device_with_the_first_right_code(client):
    staff = StaffFactory(username="chen")
    assert post_login(client, "chen", PASSWORD).status_code == 302
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed is False
    assert "otpauth://totp/" in page

    wrong = client.post(SETUP, {"token": "12345"})
    assert "验证码是 6 位数字。" in wrong.content.decode()
    assert client.post(SETUP, {"token": current_token(device)}).status_code == 302

    device.refresh_from_db()
    assert device.confirmed is True
    assert AuditEntry.objects.filter(action="accounts.second_factor_enabled", actor=staff).count() == 1


def test_once_set_up_every_sign_in_asks_for_the_code_first(client):
    staff = StaffFactory(username="chen")
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    post_login(client, "chen", PASSWORD)

    response = client.get(reverse("accounts:staff_accounts"))
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={reverse('accounts:staff_accounts')}"
    bad = client.post(VERIFY, {"token": f"{(int(current_token(device)) + 1) % 1_000_000:06d}"})
    assert "验证码不正确或已过期" in bad.content.decode()
    assert AuditEntry.objects.filter(action="accounts.second_factor_failed", actor=staff).count() == 1
    # django-otp slows guessing after a wrong code (a second's wait, doubling): lifted here instead of waiting.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)

    done = client.post(f"{VERIFY}?next=/accounts/experts/", {"token": current_token(device)})
    assert done["Location"] == "/accounts/experts/"
    assert client.get(reverse("accounts:expert_accounts")).status_code == 200


def test_production_requires_setting_one_up_and_development_does_not(client, settings):
    StaffFactory(username="chen")
    post_login(client, "chen", PASSWORD)
    assert client.get(reverse("accounts:expert_accounts")).status_code == 200  # dev/test: optional

    settings.PSYBOOST_REQUIRE_SECOND_FACTOR = True
    response = client.get(reverse("accounts:expert_accounts"))
    assert response["Location"] == f"{SETUP}?next={reverse('accounts:expert_accounts')}"
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_unit_users_are_not_asked(client, settings):
    settings.PSYBOOST_REQUIRE_SECOND_FACTOR = True
    user = UnitUserFactory(username="u1")
    unit_client = Client()
    unit_client.force_login(user)
    assert unit_client.get(reverse("applications:mine")).status_code == 200
    assert unit_client.get(SETUP).status_code == 403
