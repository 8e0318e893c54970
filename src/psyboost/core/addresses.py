"""Addresses for long lists: reversed once, then filled with each row's pk."""

from collections.abc import Callable

from django.urls import reverse


def address_of_each(name: str, *args) -> Callable[[int], str]:
    """A function pk → the address of ``name`` with ``args`` and the pk last (the pk is the last path segment)."""
    before, after = reverse(name, args=[*args, 0]).rsplit("/0/", 1)
    return lambda pk: f"{before}/{pk}/{after}"
