"""The public results page and its JSON, served from memory: a portal's CMS and the public read them far more often
than they change (publishing, a correction, an amendment, the confirmation, a period's boundary).

Placed right after the security and static-file middleware, so that a hit skips the session, authentication, CSRF
and messages layers and the database entirely. An entry lives ``PSYBOOST_PUBLIC_CACHE_SECONDS`` seconds at most
and never past the next boundary the view names (``response.fresh_until``: the next start or end of an
announcement); the services of this step clear the process's entries when they change something (other workers
catch up within that time). Only anonymous-safe responses are kept: status 200, no cookie set, no query string;
the key holds the language.
"""

import re
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation

PATTERN = re.compile(r"^/calls/\d{4}/results(?:/|\.json)$")
_entries: dict = {}


def clear_public_cache() -> None:
    _entries.clear()


class PublicResultsCache:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PSYBOOST_PUBLIC_CACHE_SECONDS
        cacheable = request.method == "GET" and not request.META.get("QUERY_STRING")
        if seconds <= 0 or not cacheable or not PATTERN.match(request.path_info):
            return self.get_response(request)
        key = (request.path_info, translation.get_language_from_request(request))
        entry = _entries.get(key)
        if entry is not None and entry[0] > time.monotonic() and entry[1] > timezone.now():
            return HttpResponse(entry[2], status=200, headers=entry[3])
        response = self.get_response(request)
        fresh_until = getattr(response, "fresh_until", None)
        if response.status_code == 200 and fresh_until is not None and not response.cookies and not response.streaming:
            _entries[key] = (time.monotonic() + seconds, fresh_until, response.content, dict(response.items()))
        return response
