"""``{% readonly_form application as readonly %}``: the read-only application for ``includes/readonly.html``, taken
from the view's context when the view prepared it (``applications.readonly.context``), else built here."""

from django import template

from .. import readonly

register = template.Library()


@register.simple_tag(takes_context=True)
def readonly_form(context, application):
    prepared = context.get("readonly")
    if isinstance(prepared, readonly.Readonly) and prepared.application.pk == application.pk:
        return prepared
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return readonly.context(application, user)["readonly"]
