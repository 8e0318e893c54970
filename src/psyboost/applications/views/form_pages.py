"""The unit's start page (its application to each open call) and the privacy notice of the form.

The start page needs ``applications.add_application`` (a unit user; others signed in get 403). Starting a draft is
a POST (it creates the application). The privacy notice is public: anyone may read what happens to the data.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from psyboost.calls.models import Call
from psyboost.core.permissions import permission_required

from .. import services
from ..errors import NotEligible
from ..models import Application


def _rows(unit, now) -> list[dict]:
    applications = {a.call_id: a for a in Application.objects.filter(unit=unit).select_related("call", "unit")}
    calls = Call.objects.filter(status=Call.Status.SUBMISSION) | Call.objects.filter(pk__in=list(applications))
    rows = []
    for call in calls.distinct().order_by("-year"):
        application = applications.get(call.pk)
        deadline = services.effective_deadline(call, unit) if application else call.deadline
        rows.append(
            {
                "call": call,
                "application": application,
                "eligible": call.status == Call.Status.SUBMISSION and services.is_eligible(call, unit),
                "deadline": deadline,
                "open": services.is_open_for(call, unit, now),
                "editable": application is not None and application.is_editable,
            }
        )
    return rows


@permission_required("applications.add_application")
def mine(request):
    unit = request.user.unit
    if request.method == "POST":
        call = get_object_or_404(Call, pk=request.POST.get("call") if str(request.POST.get("call")).isdigit() else 0)
        try:
            application = services.get_or_create_draft(call, unit, request.user)
        except NotEligible as refused:
            messages.error(request, refused.message)
            return redirect("applications:mine")
        return redirect("applications:section", application.pk, "basic")
    return render(request, "applications/form/mine.html", {"unit": unit, "rows": _rows(unit, timezone.now())})


def privacy_notice(request):
    return render(request, "applications/form/privacy_notice.html")
