"""What the panel-side views share: the call of the address, the stage chosen on a page, and the pages of a long
table."""

from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode

from psyboost.calls.models import Call
from psyboost.review.models import Stage


def call_of(year: int) -> Call:
    return get_object_or_404(Call, year=year)


def stage_of(request) -> str:
    """The stage asked for (``?stage=`` or the form's), materials unless it names another known stage."""
    value = request.POST.get("stage") or request.GET.get("stage")
    return value if value in Stage.values else Stage.MATERIALS


# Rows per page of the long tables (ranking, progress, assignments): a call of 750 applications renders in pieces.
PAGE_SIZE = 100


def page_of(request, items, size: int = PAGE_SIZE) -> Page:
    """The page ``?page=`` of ``items`` (the first for a missing or bad number, the last past the end)."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The request's other query parameters, ready to be followed by ``page=N`` in a link."""
    rest = [(key, value) for key, value in request.GET.items() if key != "page"]
    return urlencode(rest) + "&" if rest else ""
