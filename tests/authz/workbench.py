"""Entries for ``workbench:*``: the public front page and the staff workbench."""

from .framework import OK, entry, everyone, get, staff_only

ENTRIES = [
    entry("workbench:home", get(everyone(OK))),
    entry("workbench:index", get(staff_only(OK))),
]
