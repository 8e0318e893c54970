from django.shortcuts import render
from django.utils import timezone

from psyboost.calls.lifecycle import public_phase
from psyboost.calls.models import Call, Unit
from psyboost.core.permissions import permission_required
from psyboost.core.todos import collect


def home(request):
    """The public front page: every call with its phase; signed-in users also get their own entry points."""
    now = timezone.now()
    calls = [(call, public_phase(call, now)) for call in Call.objects.all()]
    return render(request, "workbench/home.html", {"calls": calls})


@permission_required("workbench.view_workbench")
def workbench(request):
    """Federation staff's start page: what needs action (the stages' to-dos, with counts and links), then the
    figures they check first."""
    calls = list(Call.objects.all()[:5])
    now = timezone.now()
    context = {
        "calls": [(call, public_phase(call, now), call.eligible_units.count()) for call in calls],
        "unit_count": Unit.objects.count(),
        "todos": collect(now),
    }
    return render(request, "workbench/index.html", context)
