from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    """A user holding an initial password may do nothing but change it (or leave)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                return redirect("accounts:password_change")
        return self.get_response(request)


SECOND_FACTOR_SESSION_KEY = "psyboost_second_factor"  # "device": one is set up; "none": not yet


class SecondFactorMiddleware:
    """Staff and administrators with a TOTP device give its code after signing in, before anything else; without
    one, where ``PSYBOOST_REQUIRE_SECOND_FACTOR`` is on (production), they set one up first. Whether a device exists
    is noted in the session at sign-in (``second_factor.note_device``), so no request pays a query for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_federation and not user.is_verified():
            state = request.session.get(SECOND_FACTOR_SESSION_KEY)
            target = None
            if state == "device":
                target = "accounts:second_factor_verify"
            elif settings.PSYBOOST_REQUIRE_SECOND_FACTOR:
                target = "accounts:second_factor_setup"
            if target is not None:
                allowed = {
                    reverse("accounts:second_factor_verify"),
                    reverse("accounts:second_factor_setup"),
                    reverse("accounts:logout"),
                }
                if request.path not in allowed and not request.path.startswith(("/static/", "/i18n/")):
                    return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
