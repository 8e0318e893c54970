"""What the panel-side views share: the call of the address, and the stage chosen on a page."""

from django.shortcuts import get_object_or_404

from psyboost.calls.models import Call
from psyboost.review.models import Stage


def call_of(year: int) -> Call:
    return get_object_or_404(Call, year=year)


def stage_of(request) -> str:
    """The stage asked for (``?stage=`` or the form's), materials unless it names another known stage."""
    value = request.POST.get("stage") or request.GET.get("stage")
    return value if value in Stage.values else Stage.MATERIALS
