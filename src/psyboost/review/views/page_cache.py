"""The review result pages' content rendered once per change of what they show, not on every request.

A page's content (what goes inside ``{% block content %}``: never the header with the signed-in user, never the
messages) is kept in Django's cache under the call's results revision (``services.stored``: it changes with every
score, review, assignment, conflict, criterion, setting, expert, panel seat, selection and decision, and with every
application's 编号, state or unit name), a digest of the call's own fields, the language, the page and its query
parameters. A revision is random and never comes back, so content of an older state is never read again; it leaves
the cache by age or by the cache's size limit. Content rendered while a change was committed is not kept.

The content is rendered without the request. Its forms carry a marker where the CSRF token goes; every response
puts the requesting user's own token there. A per-user part of a page (the ranking's changes since the last look)
is rendered on every request and put in its slot.
"""

from collections.abc import Callable
from functools import cache as once

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from psyboost.core.caching import key_of, stored_fields
from psyboost.review.services import stored

TIMEOUT = 60 * 60  # seconds; a page not asked for in an hour is rendered anew
KEY_SALT = "psyboost.review.page_cache"


@once
def _mark(name: str) -> str:
    """A marker no data can contain (derived from the secret key, so the same in every worker process)."""
    return f"pb-{name}-{salted_hmac(KEY_SALT, name).hexdigest()[:24]}"


def slot(name: str) -> SafeString:
    """The place of the per-user part ``name`` in cached content (``{{ slot }}`` in its template)."""
    return mark_safe(_mark(name))


def content(
    request,
    call,
    page: str,
    template: str,
    build: Callable[[], dict],
    *,
    keep: tuple[str, ...] = (),
    slots: dict[str, str] | None = None,
) -> tuple[SafeString, dict]:
    """``template`` rendered with ``build()``'s context, taken from the cache while nothing it shows has changed;
    and the values of the context's ``keep`` names (what the rest of the page needs). ``slots`` maps a slot's name
    to the HTML (already escaped) that goes there on this response."""
    revision = stored.revision_of(call.pk) or stored.bump(call.pk)
    variant = sorted(request.GET.lists())
    # the call's own fields (name, quota, grant, deadline, status …) too: a change to any renders anew
    key = key_of("review-page", call.pk, page, revision, stored_fields(call), get_language(), variant)
    held = cache.get(key)
    if held is None:
        context = build()
        html = render_to_string(template, {**context, "csrf_token": _mark("csrf")})
        held = (html, {name: context[name] for name in keep})
        if stored.revision_of(call.pk) == revision:  # else a change was committed meanwhile: keep nothing
            cache.set(key, held, TIMEOUT)
    html, kept = held
    html = html.replace(_mark("csrf"), get_token(request))
    for name, part in (slots or {}).items():
        html = html.replace(_mark(name), part)
    return mark_safe(html), kept  # rendered by the template engine, with escaped parts
