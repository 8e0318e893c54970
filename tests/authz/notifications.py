"""Entries for ``notifications:*``: every signed-in user has their own notices; another's notice answers 404."""

from psyboost.notifications.models import Notice

from .framework import NOT_ALLOWED, NOT_FOUND, OK, entry, get, post, redirect, signed_in


def own_notice(w) -> dict:
    """A notice of whoever asks (of unit A's user when nobody is signed in)."""
    recipient = w.user or w.users["unit"]
    return {"pk": Notice.objects.create(recipient=recipient, event="accepted", title="申报已受理").pk}


def someone_elses_notice(w) -> dict:
    return {"pk": Notice.objects.create(recipient=w.accounts["staff"], event="digest", title="每日汇总").pk}


ENTRIES = [
    entry("notifications:list", get(signed_in(OK))),
    entry(
        "notifications:mark_read",
        post(signed_in(redirect("notifications:list")), "own notice", kwargs=own_notice),
        post(signed_in(NOT_FOUND), "someone else's notice", kwargs=someone_elses_notice),
        post(signed_in(NOT_FOUND), "missing notice", kwargs=lambda w: {"pk": 999999}),
        get(signed_in(NOT_ALLOWED), kwargs=own_notice),
    ),
    entry(
        "notifications:mark_all_read",
        post(signed_in(redirect("notifications:list"))),
        get(signed_in(NOT_ALLOWED)),
    ),
]
