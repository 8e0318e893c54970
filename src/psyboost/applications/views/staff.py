"""The staff formal check (形式审查): the submitted applications of a call with filters and counts, and one
application read-only with its timeline, versions, paper copy and the moves staff may make.

Staff only (``applications.screen_application``): others signed in get 403. Drafts are the unit's own work in
progress and are not listed (only counted).
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from psyboost.calls import districts
from psyboost.calls.models import Call
from psyboost.core.permissions import permission_required

from .. import readonly, services, workflow
from ..getters import application_of
from ..models import Application, PaperCopy, Version
from ..todos import paper_missing
from ..workflow import State
from .staff_forms import ExtensionForm, PaperCopyForm, RejectForm, ReturnForm
from .submission import timeline

PAGE_SIZE = 50
LISTED_STATES = [state for state in State if state != State.DRAFT]


def _call(request):
    """The call asked for (``?call=2020``), else the latest one; None when there is none yet."""
    calls = Call.objects.order_by("-year")
    year = request.GET.get("call", "")
    if year.isdigit():
        return calls.filter(year=int(year)).first() or calls.first()
    return calls.first()


def _number_filter(query: str) -> Q:
    """``2020-007``, ``007`` or ``7`` find the application numbered 7."""
    digits = query.rsplit("-", 1)[-1]
    return Q(number=int(digits)) if digits.isdigit() and len(digits) <= 6 else Q(pk__in=[])


@permission_required("applications.screen_application")
def staff_list(request):
    call = _call(request)
    state = request.GET.get("state", "")
    district = request.GET.get("district_union", "")
    query = request.GET.get("q", "").strip()
    applications = Application.objects.filter(call=call).exclude(state=State.DRAFT)
    by_state = Application.objects.filter(call=call).values("state").annotate(n=Count("id"))
    counts = {row["state"]: row["n"] for row in by_state}
    if state == State.DRAFT:  # the drafts tab: the units' work in progress, apart from what was handed in
        applications = Application.objects.filter(call=call, state=State.DRAFT)
    elif state in State.values:
        applications = applications.filter(state=state)
    if request.GET.get("paper") == "missing":
        applications = paper_missing(applications)
    if district in districts.DISTRICT_UNIONS:
        applications = applications.filter(district_union=district)
    if query:
        applications = applications.filter(Q(unit__name__icontains=query) | _number_filter(query))
    applications = applications.select_related("call", "unit", "paper_copy").order_by("number")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "call": call,
        "calls": Call.objects.order_by("-year").values_list("year", flat=True),
        "page": page,
        "filtered": page.paginator.count,
        "counts": [(choice, counts.get(choice.value, 0)) for choice in State],
        "listed_total": sum(n for key, n in counts.items() if key != State.DRAFT),
        "states": LISTED_STATES,
        "district_choices": districts.DISTRICT_UNIONS,
        "selected": {"call": call.year if call else "", "state": state, "district_union": district, "q": query},
    }
    return render(request, "applications/staff/list.html", context)


def detail_context(application, user, **forms) -> dict:
    """Everything the staff detail page shows; ``forms`` replace the empty ones (a refused POST keeps its input)."""
    paper = PaperCopy.objects.filter(application=application).select_related("recorded_by").first()
    paper_initial = (
        {"received_on": paper.received_on, "has_unit_seal": paper.has_unit_seal, "has_union_seal": paper.has_union_seal}
        if paper
        else {}
    )
    moves = {move.target for move in workflow.allowed_moves(application, user)}
    context = {
        "application": application,
        "steps": timeline(application),
        "versions": list(Version.objects.filter(application=application).select_related("actor").order_by("number")),
        "paper": paper,
        "can_accept": State.ACCEPTED in moves,
        "can_return": State.RETURNED in moves,
        "can_reject": State.REJECTED in moves,
        "return_form": ReturnForm(prefix="return"),
        "reject_form": RejectForm(prefix="reject"),
        "paper_form": PaperCopyForm(prefix="paper", initial=paper_initial),
        "extension_form": ExtensionForm(prefix="extension", call=application.call, initial={"unit": application.unit}),
        "deadline": services.effective_deadline(application.call, application.unit),
        "refusal": "",
        **readonly.context(application, user),
    }
    context.update(forms)
    return context


def get_application(pk) -> Application:
    return get_object_or_404(Application.objects.select_related("call", "unit"), pk=pk)


@permission_required("applications.screen_application", fn=application_of)
def staff_detail(request, pk):
    application = request.application
    return render(request, "applications/staff/detail.html", detail_context(application, request.user))
