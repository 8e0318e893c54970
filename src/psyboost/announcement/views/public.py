"""The public side: the results page (375 px usable, printable), its JSON, the PDF and DOCX of each announcement,
the Atom feed of all announcements, the objection form and the objector's status look-up. Anonymous visitors see
only what is published and public (from its start time); before that, 404.

The results page and the JSON change only on publish, a correction, an amendment or a period's boundary: they are
cached under a stamp of exactly those (one query), so a busy portal costs a cache read.
"""

import hashlib
from datetime import timedelta

from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from psyboost.calls.models import Call
from psyboost.calls.services import timeline

from .. import days as day_counting
from ..models import Amendment, Announcement
from ..services.publishing import length_text, public_announcements, render_body

CACHE_SECONDS = 300
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"  # an identifier, never fetched


def call_of(year: int) -> Call:
    return get_object_or_404(Call, year=year)


def stamp(call, now) -> str:
    rows = list(
        Announcement.objects.filter(call=call, published_at__isnull=False).values_list(
            "pk", "updated_at", "starts_at", "ends_at"
        )
    )
    state = [(pk, updated.isoformat(), now >= start, now >= end) for pk, updated, start, end in rows]
    confirmed = hasattr(call, "results_confirmation")
    return hashlib.sha1(repr((call.pk, call.status, state, confirmed)).encode()).hexdigest()[:16]


def shown(announcement: Announcement) -> dict:
    """Everything a page shows of one announcement, computed once (also for the staff preview)."""
    return {
        "announcement": announcement,
        "body": render_body(announcement),
        "entries": list(announcement.entries.all()),
        "last_day": day_counting.last_moment_day(announcement.ends_at),
        "length": length_text(announcement.days, announcement.counting),
        "corrections": list(announcement.corrections.all()),
    }


def fresh_until(call, now):
    """The next moment the public pages of ``call`` change by the clock alone: a start or an end still ahead."""
    ahead = [
        moment
        for pair in Announcement.objects.filter(call=call, published_at__isnull=False).values_list(
            "starts_at", "ends_at"
        )
        for moment in pair
        if moment > now
    ]
    return min(ahead) if ahead else now + timedelta(days=365)


def results_context(call, now) -> dict:
    announcements = public_announcements(call, now)
    if not announcements:
        raise Http404
    current = announcements[-1]
    return {
        "call": call,
        "items": [shown(announcement) for announcement in reversed(announcements)],
        "current": current,
        "open": current.is_open(now),
        "amendments": list(
            Amendment.objects.filter(call=call, announcement__in=announcements)
            .select_related("removed__unit", "removed__call", "replacement__unit", "replacement__call")
            .order_by("at")
        ),
        "timeline": timeline(call, now),
        "confirmed": getattr(call, "results_confirmation", None),
    }


@require_GET
def results(request, year: int):
    call = call_of(year)
    now = timezone.now()
    key = f"announcement:results:{year}:{request.LANGUAGE_CODE}:{stamp(call, now)}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("announcement/results.html", results_context(call, now), request=request)
        cache.set(key, html, CACHE_SECONDS)
    response = HttpResponse(html)
    response.fresh_until = fresh_until(call, now)
    return response


def results_data(call, now) -> dict:
    announcements = public_announcements(call, now)
    if not announcements:
        raise Http404
    return {
        "call": {"year": call.year, "name": call.name},
        "confirmed": hasattr(call, "results_confirmation"),
        "announcements": [
            {
                "id": item.pk,
                "kind": item.kind,
                "title": item.title,
                "starts_at": timezone.localtime(item.starts_at).isoformat(),
                "ends_at": timezone.localtime(item.ends_at).isoformat(),
                "last_day": day_counting.last_moment_day(item.ends_at).isoformat(),
                "days": item.days,
                "counting": item.counting,
                "publisher": item.publisher,
                "published_on": item.published_on.isoformat(),
                "corrected": bool(item.corrections.all()),
                "list": [
                    {
                        "position": entry.position,
                        "number": entry.number,
                        "unit": entry.unit_name,
                        "district_union": entry.district_union,
                        "project": entry.project_name,
                    }
                    for entry in item.entries.all()
                ],
            }
            for item in announcements
        ],
    }


@require_GET
def results_json(request, year: int):
    call = call_of(year)
    now = timezone.now()
    key = f"announcement:json:{year}:{stamp(call, now)}"
    data = cache.get(key)
    if data is None:
        data = results_data(call, now)
        cache.set(key, data, CACHE_SECONDS)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response.fresh_until = fresh_until(call, now)
    return response


def public_announcement(year: int, pk: int, now) -> Announcement:
    announcement = get_object_or_404(Announcement.objects.select_related("call"), pk=pk, call__year=year)
    if not announcement.is_public(now):
        raise Http404
    return announcement


@require_GET
def announcement_pdf(request, year: int, pk: int):
    from ..documents import announcement_pdf as render_pdf

    announcement = public_announcement(year, pk, timezone.now())
    response = HttpResponse(render_pdf(announcement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="announcement-{year}-{pk}.pdf"'
    return response


@require_GET
def announcement_docx(request, year: int, pk: int):
    from ..documents import announcement_docx as render_docx

    announcement = public_announcement(year, pk, timezone.now())
    response = HttpResponse(
        render_docx(announcement),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="announcement-{year}-{pk}.docx"'
    return response


@require_GET
def feed(request):
    """An Atom feed of every public announcement of every year, newest first."""
    now = timezone.now()
    announcements = list(
        Announcement.objects.filter(published_at__isnull=False, starts_at__lte=now)
        .select_related("call")
        .prefetch_related("entries")
        .order_by("-starts_at", "-id")[:50]
    )
    base = request.build_absolute_uri("/").rstrip("/")
    context = {
        "items": [(item, render_body(item)) for item in announcements],
        "base": base,
        "atom_namespace": ATOM_NAMESPACE,
        "updated": max((item.updated_at for item in announcements), default=now),
    }
    return render(request, "announcement/feed.atom", context, content_type="application/atom+xml; charset=utf-8")


@require_GET
def verify(request, year: int):
    """Anyone checks that a selection letter is genuine: its verification code names the unit and the project."""
    from psyboost.applications.models import Application
    from psyboost.applications.workflow import State

    from ..letters import verification_code
    from ..services.publishing import project_name

    call = call_of(year)
    code = (request.GET.get("code") or "").strip().upper()[:32]
    found, checked = None, bool(code)
    if code and hasattr(call, "results_confirmation"):
        for application in Application.objects.filter(call=call, state=State.SELECTED).select_related("unit", "call"):
            if verification_code(application) == code:
                found = {"application": application, "project": project_name(application)}
                break
    return render(request, "announcement/verify.html", {"call": call, "code": code, "found": found, "checked": checked})
