"""The menu each role sees. The shell knows no stage: each app adds its own entries when Django starts
(``add_entry`` in its ``AppConfig.ready``), with a position that fixes the menu order across apps."""

from dataclasses import dataclass

from django.urls import reverse
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


def entries_for(role: str) -> list[Entry]:
    return list(_ENTRIES.get(role, ()))


def navigation(request):
    """Context processor: the signed-in user's menu (the public one for visitors), the current page marked."""
    user = getattr(request, "user", None)
    role = user.role if user is not None and user.is_authenticated else PUBLIC
    current = request.path
    items = [{"label": entry.label, "url": reverse(entry.url_name), "active": False} for entry in entries_for(role)]
    # The entry whose address is the longest prefix of this page is the current one (/staff/ vs /staff/units/).
    matches = [
        item for item in items if current == item["url"] or (item["url"] != "/" and current.startswith(item["url"]))
    ]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
