"""Entries for ``audit:*``: the audit trail is read by federation staff and administrators only."""

from urllib.parse import urlencode

from .framework import OK, entry, get, staff_only

ENTRIES = [
    entry(
        "audit:index",
        get(staff_only(OK)),
        get(staff_only(OK), "filtered", query=urlencode({"actor": "staff", "date_from": "2020-07-01"})),
        get(staff_only(OK), "bad filters", query=urlencode({"date_from": "2020-13-45", "page": "x"})),
    ),
    entry(
        "audit:export",
        get(staff_only(OK)),
        get(staff_only(OK), "filtered", query=urlencode({"action": "accounts.", "date_to": "not a date"})),
    ),
]
