"""The Django admin (``admin:*``), covered by one rule instead of an entry per pattern.

The rule: the Django admin is the technical superuser's tool (``createsuperuser``, the demo's ``admin``). It lets
in only active users with ``is_staff``, which no platform role has, federation administrators included (they
work on the platform's own pages). So for every role of the matrix each admin address answers with the admin's
login page (the admin login page itself is open, and its logout sends non-staff to the admin index), and a
superuser gets the page. Objects are addressed by a number that does not exist: the rule checks the gate, not
Django's object pages, and it sends GET requests only (the admin's forms are Django's own).

What a superuser may add or delete is per model (``MODELS``): the audit trail and the task results are read-only
here. A model registered in the admin without a line in ``MODELS`` has no entry, and the matrix names its
addresses as missing: add the model below.
"""

import re

from django.urls import reverse

from .framework import ADMIN_LOGIN, FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, Redirect, answers, entry, get, url_patterns

MISSING = 999999

# "<app_label>_<model_name>": (a superuser may add one here, a superuser may delete one here)
MODELS = {
    "auth_group": (True, True),
    "axes_accessattempt": (False, True),
    "axes_accesslog": (False, True),
    "axes_accessfailurelog": (False, True),
    "django_tasks_database_dbtaskresult": (False, False),
    "audit_auditentry": (False, False),
    "uploads_upload": (False, False),
    "otp_totp_totpdevice": (False, True),  # a lost phone: the superuser removes the device, the user sets up anew
}

ADMIN_INDEX = Redirect(lambda w: reverse("admin:index"))


def gate(superuser_answer) -> dict:
    """Every role of the matrix to the admin login page; the superuser gets ``superuser_answer``."""
    return answers(ADMIN_LOGIN, superuser=superuser_answer)


def named(name: str, **kwargs):
    return lambda w: reverse(f"admin:{name}", kwargs=kwargs)


SITE_PAGES = {
    "index": (gate(OK), {}),
    "login": (answers(OK, superuser=ADMIN_INDEX), {}),
    "logout": (answers(ADMIN_INDEX, superuser=NOT_ALLOWED), {}),  # logging out is a POST
    "password_change": (gate(OK), {}),
    "password_change_done": (gate(OK), {}),
    "jsi18n": (gate(OK), {}),
    "autocomplete": (gate(FORBIDDEN), {}),  # without the field it completes for
    "view_on_site": (gate(NOT_FOUND), {"content_type_id": 1, "object_id": MISSING}),
    "app_list": (gate(OK), {"app_label": "audit"}),
}
MODEL_PAGE = re.compile(r"^(?P<model>\w+?)_(?P<kind>changelist|add|change|history|delete)$")
OBJECT_REDIRECT = re.compile(r"^django-admin/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/$")


def model_page(model: str, kind: str):
    may_add, may_delete = MODELS[model]
    if kind == "changelist":
        return gate(OK)
    if kind == "add":
        return gate(OK if may_add else FORBIDDEN)
    if kind == "delete" and not may_delete:
        return gate(FORBIDDEN)
    return gate(ADMIN_INDEX)  # a missing object: back to the admin index with a message


def rule_entries():
    entries = []
    for pattern in url_patterns():
        if pattern.namespace != "admin":
            continue
        if pattern.name in SITE_PAGES:
            expected, kwargs = SITE_PAGES[pattern.name]
            entries.append(entry(pattern.key, get(expected, path=named(pattern.name, **kwargs))))
        elif pattern.name and (match := MODEL_PAGE.match(pattern.name)) and match["model"] in MODELS:
            kwargs = {} if match["kind"] in ("changelist", "add") else {"object_id": MISSING}
            expected = model_page(match["model"], match["kind"])
            entries.append(entry(pattern.key, get(expected, path=named(pattern.name, **kwargs))))
        elif not pattern.name and (match := OBJECT_REDIRECT.match(pattern.route)):
            if f"{match['app']}_{match['model']}" in MODELS:
                change = named(f"{match['app']}_{match['model']}_change", object_id=MISSING)
                path = "/" + pattern.route.replace("<path:object_id>", str(MISSING))
                entries.append(entry(pattern.key, get(gate(Redirect(change)), path=lambda w, path=path: path)))
        elif not pattern.name and pattern.route == "django-admin/(?P<url>.*)$":
            entries.append(entry(pattern.key, get(gate(NOT_FOUND), path=lambda w: "/django-admin/missing/")))
    return entries


ENTRIES = rule_entries()
