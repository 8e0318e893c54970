"""Entries for ``accounts:*``: signing in and out, one's own password, and the staff pages for accounts."""

from django.utils.http import urlencode

from tests.conftest import PASSWORD

from .framework import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Redirect,
    admin_only,
    answers,
    entry,
    everyone,
    get,
    post,
    redirect,
    signed_in,
    staff_only,
)

HOME = redirect("workbench:home")


# A signed-in user asking for the login page goes to their role's start page (settings.LANDING_PAGES).
LANDING = everyone(
    Redirect("/applications/mine/"),
    anonymous=OK,
    staff=Redirect("/staff/"),
    admin=Redirect("/staff/"),
    expert=Redirect("/review/my-assignments/"),
)


def account(kind: str):
    return lambda w: {"pk": w.accounts[kind].pk}


def own_account(w) -> dict:
    # Anonymous visitors have no account of their own; they are sent to log in before the number matters.
    return {"pk": (w.user or w.users["staff"]).pk}


def missing_account(w) -> dict:
    return {"pk": 999999}


def unit_a(w) -> dict:
    return {"unit_pk": w.unit_a.pk}


def unit_b(w) -> dict:
    return {"unit_pk": w.unit_b.pk}


def new_account(**extra):
    return lambda w: {"username": "new-account", "display_name": "新账号", "phone": "", "email": "", **extra}


# Who may reset the password of / deactivate which account (accounts.manage_account): staff look after unit and
# expert accounts, administrators also after federation accounts, nobody after their own account here.
MANAGE = {
    "unit": staff_only(OK),
    "expert": staff_only(OK),
    "staff": admin_only(OK),
    "admin": admin_only(OK),
}
LIST_OF = {
    "unit": "calls:unit_accounts",
    "expert": "accounts:expert_accounts",
    "staff": "accounts:staff_accounts",
    "admin": "accounts:staff_accounts",
}
OWN_ACCOUNT = answers(FORBIDDEN, anonymous=LOGIN)


def set_active_answers(kind: str) -> dict:
    done = redirect(LIST_OF[kind])
    return {role: done if answer is OK else answer for role, answer in MANAGE[kind].items()}


ENTRIES = [
    entry(
        "accounts:login",
        get(LANDING),
        post(
            LANDING,
            "wrong password",
            data=lambda w: {"username": "staff", "password": "not the password"},
        ),
    ),
    entry(
        "accounts:logout",
        get(everyone(NOT_ALLOWED)),
        post(everyone(HOME)),
    ),
    entry(
        "accounts:password_change",
        get(signed_in(OK)),
        post(
            signed_in(HOME),
            data=lambda w: {
                "old_password": PASSWORD,
                "new_password1": "Lantern-river-2020",
                "new_password2": "Lantern-river-2020",
            },
        ),
    ),
    entry(
        "calls:unit_accounts",
        get(staff_only(OK)),
        get(staff_only(OK), "filtered", query=urlencode({"has_account": "no", "district_union": "朝阳区"})),
    ),
    entry(
        "calls:unit_accounts_create",
        get(staff_only(NOT_ALLOWED)),
        post(staff_only(OK), data=lambda w: {"scope": "all"}),
    ),
    entry(
        "calls:unit_user_add",
        get(staff_only(OK), "own unit", kwargs=unit_a),
        get(staff_only(OK), "other unit", kwargs=unit_b),
        get(staff_only(NOT_FOUND), "missing unit", kwargs=lambda w: {"unit_pk": 999999}),
        post(staff_only(OK), "own unit", kwargs=unit_a, data=new_account()),
        post(staff_only(OK), "other unit", kwargs=unit_b, data=new_account()),
    ),
    entry(
        "accounts:expert_accounts",
        get(staff_only(OK)),
        post(staff_only(OK), data=new_account()),
    ),
    entry(
        "accounts:staff_accounts",
        get(admin_only(OK)),
        post(admin_only(OK), data=new_account(role="staff")),
    ),
    entry(
        "accounts:reset_password",
        get(staff_only(NOT_ALLOWED), "unit account", kwargs=account("unit")),
        *[post(MANAGE[kind], f"{kind} account", kwargs=account(kind)) for kind in MANAGE],
        post(OWN_ACCOUNT, "own account", kwargs=own_account),
        post(staff_only(NOT_FOUND), "missing account", kwargs=missing_account),
    ),
    entry(
        "accounts:set_active",
        get(staff_only(NOT_ALLOWED), "unit account", kwargs=account("unit")),
        *[
            post(set_active_answers(kind), f"{kind} account", kwargs=account(kind), data=lambda w: {"active": "0"})
            for kind in MANAGE
        ],
        post(OWN_ACCOUNT, "own account", kwargs=own_account, data=lambda w: {"active": "0"}),
        post(staff_only(NOT_FOUND), "missing account", kwargs=missing_account, data=lambda w: {"active": "0"}),
    ),
    entry(
        "accounts:unlock",
        get(staff_only(NOT_ALLOWED), "unit account", kwargs=account("unit")),
        *[post(set_active_answers(kind), f"{kind} account", kwargs=account(kind)) for kind in MANAGE],
        post(OWN_ACCOUNT, "own account", kwargs=own_account),
        post(staff_only(NOT_FOUND), "missing account", kwargs=missing_account),
    ),
    # The second factor: staff and administrators only. Without a device, verifying sends to the set-up page; a
    # wrong code is answered on the page (and audited: it is not a refusal of access).
    entry(
        "accounts:second_factor_setup",
        get(staff_only(OK)),
        post(staff_only(OK), "malformed code", data=lambda w: {"token": "12345"}),
    ),
    entry(
        "accounts:second_factor_verify",
        get(staff_only(redirect("accounts:second_factor_setup")), "no device yet"),
        post(staff_only(redirect("accounts:second_factor_setup")), "no device yet", data=lambda w: {"token": "1"}),
    ),
]
