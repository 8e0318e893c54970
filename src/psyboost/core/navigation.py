"""The menu each role sees. The shell knows no stage: each app adds its own entries when Django starts
(``add_entry`` in its ``AppConfig.ready``), with a position that fixes the menu order across apps."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Entry:
    label: str | Promise
    url_name: str
    position: int


_ENTRIES: dict[str, list[Entry]] = {}
PUBLIC = "public"  # the pseudo-role of anonymous visitors


def add_entry(roles, label, url_name: str, position: int) -> None:
    """Show ``label`` linking to ``url_name`` to every role in ``roles`` (``PUBLIC`` for anonymous visitors)."""
    for role in roles:
        entries = _ENTRIES.setdefault(role, [])
        if all(entry.url_name != url_name for entry in entries):
            entries.append(Entry(label, url_name, position))
            entries.sort(key=lambda entry: entry.position)
    _links.cache_clear()


def entries_for(role: str) -> list[Entry]:
    return list(_ENTRIES.get(role, ()))


@lru_cache(maxsize=64)
def _links(role: str, prefix: str, urlconf) -> tuple[tuple[object, str], ...]:
    """The role's (label, address) pairs, reversed once per script prefix and URLconf (the menu is fixed once
    Django started)."""
    return tuple((entry.label, reverse(entry.url_name)) for entry in entries_for(role))


def navigation(request):
    """Context processor: the signed-in user's menu (the public one for visitors), the current page marked."""
    user = getattr(request, "user", None)
    role = user.role if user is not None and user.is_authenticated else PUBLIC
    current = request.path
    links = _links(role, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    items = [{"label": label, "url": url, "active": False} for label, url in links]
    # The entry whose address is the longest prefix of this page is the current one (/staff/ vs /staff/units/).
    matches = [
        item for item in items if current == item["url"] or (item["url"] != "/" and current.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
