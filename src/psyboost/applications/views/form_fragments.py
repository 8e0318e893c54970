"""A section's fields and tables as rendered for a saved version of the draft, kept between requests.

Opening a section again without a change in between (the unit moving between sections, or coming back) renders
the same inputs with the same values, messages and budget figures. They are kept in Django's cache under everything
they are rendered from:
- the application and its draft version (``save_draft`` adds one with every change of a field or a row; it is
  also what a save is checked against, so nothing may change the content without it), and when it was last saved;
- the messages shown beside its inputs (worked out anew on every request from the stored content);
- the call's own fields (the grant and the year in the budget's heading and the plan's note), the unit's
  district, the section and the language.
Only a page showing what is stored is kept; a page re-rendered with what was typed (a POST) is never.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language

from psyboost.core.caching import key_of, stored_fields

TIMEOUT = 10 * 60  # seconds


def as_saved(edit, notes: dict, render: Callable[[], str]) -> str:
    """``render()`` (the HTML of the inputs of the section ``edit`` shows, with ``notes``: the messages by input
    name), from the cache while nothing it is rendered from has changed."""
    application = edit.application
    notes = sorted((name, [str(note) for note in messages]) for name, messages in notes.items())
    key = key_of(
        "application-section",
        application.pk,
        application.version,
        application.updated_at,
        edit.section.key,
        get_language(),
        notes,
        stored_fields(application.call),
        application.unit.district_union,
    )
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return html
