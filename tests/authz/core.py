"""Entries for ``core:*`` and for the patterns without a namespace (Django's ``set_language``)."""

from .framework import OK, Redirect, entry, everyone, get, post, staff_only

ENTRIES = [
    entry("workbench:home", get(everyone(OK))),
    entry("workbench:index", get(staff_only(OK))),
    # Switching the language changes only the visitor's own language cookie: open to everyone.
    entry(
        "set_language",
        get(everyone(Redirect("/"))),
        post(everyone(Redirect("/staff/")), data=lambda w: {"language": "en", "next": "/staff/"}),
        post(
            everyone(Redirect("/")),
            "next on another host",
            data=lambda w: {"language": "en", "next": "https://evil.example/"},
        ),
    ),
]
