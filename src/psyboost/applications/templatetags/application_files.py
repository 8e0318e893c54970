"""``{% attachments_panel application kinds %}``: the files of some kinds of an application and their upload fields
(``views/attachments_html.py``); ``attachments_panel_data`` gathers what it shows for each kind of file — its files
(one query), the accepted types, the size limit, and the message of a refused plain upload (shown once, next to the
field)."""

from django import template

from psyboost.core.escaping import escaped

from ..attachments import KINDS
from ..models import Attachment
from ..views.attachments_html import panel_html
from ..views.files import ERRORS_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def attachments_panel_data(context, application, kinds=None):
    if isinstance(kinds, str):
        kinds = [kinds]
    names = [name for name in (kinds or KINDS) if name in KINDS]
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    files: dict[str, list] = {name: [] for name in names}
    for attachment in Attachment.objects.filter(application=application, kind__in=names):
        files[attachment.kind].append(attachment)
    errors = {}
    session = getattr(request, "session", None)
    if session is not None and session.get(ERRORS_KEY):
        stored = dict(session[ERRORS_KEY])
        keys = {name: f"{application.pk}:{name}" for name in names}
        errors = {name: stored.pop(key) for name, key in keys.items() if key in stored}
        if errors:
            session[ERRORS_KEY] = stored
    return {
        "can_change": bool(user and user.has_perm("applications.change_application", application)),
        "kinds": [
            {
                "name": name,
                "label": KINDS[name].label,
                "accept": KINDS[name].family.accept,
                "accepted": KINDS[name].family.label,
                "max_bytes": KINDS[name].max_bytes,
                "files": files[name],
                "error": errors.get(name, ""),
            }
            for name in names
        ],
    }


@register.simple_tag(takes_context=True)
def attachments_panel(context, application, kinds=None):
    """The panel of ``kinds`` (all kinds when omitted); put it outside any other ``<form>``."""
    panel = attachments_panel_data(context, application, kinds)
    token = context.get("csrf_token")
    panel["csrf"] = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped(token)}">' if token else ""
    request = context.get("request")
    panel["here"] = escaped(request.get_full_path()) if request is not None else ""
    return panel_html(panel, application)
