"""The public objection form and the objector's status look-up (plain forms: they work with JS off).

Outside the window (server side, Beijing time) the form is not offered and a POST stores nothing. A refused
submission re-renders the form with the messages beside the fields and what was typed (files must be chosen
again: browsers never keep them)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from psyboost.applications.models import Application

from .. import guard
from ..forms import LookupForm, ObjectionForm
from ..services import objections
from ..services.publishing import Invalid, Refused, open_announcement, public_announcements
from .public import call_of


def _address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _render(request, call, announcement, form, errors=None, status=200, receipt=None):
    question, token = guard.new_challenge()
    context = {
        "call": call,
        "announcement": announcement,
        "form": form,
        "errors": errors or {},
        "question": question,
        "token": token,
        "receipt": receipt,
    }
    return render(request, "announcement/objection.html", context, status=status)


@require_http_methods(["GET", "POST"])
def objection(request, year: int):
    call = call_of(year)
    now = timezone.now()
    if not public_announcements(call, now):
        raise Http404
    announcement = open_announcement(call, now)
    entries = list(announcement.entries.all()) if announcement else []
    if request.method == "GET" or announcement is None:
        errors = {None: _("当前不在公示期内，不受理网上异议。")} if request.method == "POST" else None
        return _render(request, call, announcement, ObjectionForm(entries=entries), errors, 400 if errors else 200)
    form = ObjectionForm(request.POST, request.FILES, entries=entries)
    errors = {}
    problem = guard.check_challenge(request.POST.get("challenge_token"), request.POST.get("challenge_answer"))
    if problem:
        errors["challenge"] = problem
    if not form.is_valid():
        errors.update({name: " ".join(messages) for name, messages in form.errors.items()})
        return _render(request, call, announcement, form, errors, 400)
    data = dict(form.cleaned_data)
    limit = guard.over_limit(_address(request), (data.get("phone") or "").strip())
    if limit:
        errors[None] = limit
    if errors:
        return _render(request, call, announcement, form, errors, 429 if limit else 400)
    pk = data.pop("application")
    data["application"] = Application.objects.filter(pk=pk, call=call).first() if pk else None
    try:
        filed = objections.file_objection(
            call,
            data,
            evidence=data.pop("evidence"),
            sealed_letters=data.pop("sealed_letter"),
            address=_address(request),
            now=now,
        )
    except Invalid as invalid:
        return _render(request, call, announcement, form, invalid.errors, 400)
    except Refused as refusal:
        return _render(request, call, announcement, form, {None: str(refusal)}, 400)
    guard.count(_address(request), filed.phone)
    return render(request, "announcement/objection_received.html", {"call": call, "objection": filed})


@require_http_methods(["GET", "POST"])
def status(request, year: int):
    """The objector looks up the status with the receipt number and the phone (POST: the phone stays out of URLs
    and logs). A wrong pair says only that nothing was found."""
    call = call_of(year)
    form = LookupForm(request.POST or None)
    found, missing = None, False
    if request.method == "POST" and form.is_valid():
        found = objections.lookup(form.cleaned_data["receipt"], form.cleaned_data["phone"])
        if found is not None and found.announcement.call_id != call.pk:
            found = None
        missing = found is None
    return render(
        request, "announcement/objection_status.html", {"call": call, "form": form, "found": found, "missing": missing}
    )
