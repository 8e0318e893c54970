"""The second factor of staff and administrators: a TOTP authenticator app (django-otp), set up and verified here.

Set-up shows the key (and the ``otpauth://`` address an app can read) of a new, unconfirmed device; the first correct
code confirms it. From then on every sign-in asks for a code (``SecondFactorMiddleware``). Every success and every
wrong code is audited.
"""

from base64 import b32encode

from django import forms
from django.contrib.auth.signals import user_logged_in
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from psyboost.audit.services import record
from psyboost.core.permissions import permission_required

from .middleware import SECOND_FACTOR_SESSION_KEY


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("验证码"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"required": _("请输入验证器中的 6 位数字验证码。"), "invalid": _("验证码是 6 位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 8}),
    )


def note_device(sender, request, user, **kwargs) -> None:
    """At sign-in: whether the user has a confirmed device, for the middleware."""
    if request is not None and hasattr(request, "session") and getattr(user, "is_federation", False):
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        request.session[SECOND_FACTOR_SESSION_KEY] = "device" if has_device else "none"


user_logged_in.connect(note_device, dispatch_uid="psyboost.accounts.second_factor")


def _next(request) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@permission_required("accounts.use_second_factor")
def setup(request):
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:second_factor_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[SECOND_FACTOR_SESSION_KEY] = "device"
            record(request.user, "accounts.second_factor_enabled", request.user)
            return redirect(_next(request))
        record(request.user, "accounts.second_factor_failed", request.user, step="setup")
        form.add_error("token", _("验证码不正确，请核对手机时间后重新输入。"))
    key = b32encode(device.bin_key).decode()
    context = {"form": form, "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)), "uri": device.config_url}
    return render(request, "accounts/second_factor_setup.html", context)


@permission_required("accounts.use_second_factor")
def verify(request):
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        return redirect("accounts:second_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        device = next((device for device in devices if device.verify_token(token)), None)
        if device is not None:
            otp_login(request, device)
            record(request.user, "accounts.second_factor_verified", request.user)
            return redirect(_next(request))
        record(request.user, "accounts.second_factor_failed", request.user, step="verify")
        form.add_error("token", _("验证码不正确或已过期，请输入验证器中当前显示的验证码。"))
    return render(request, "accounts/second_factor_verify.html", {"form": form})
