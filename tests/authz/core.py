"""Entries for the patterns without a namespace (Django's ``set_language``)."""

from .framework import Redirect, entry, everyone, get, post

ENTRIES = [
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
