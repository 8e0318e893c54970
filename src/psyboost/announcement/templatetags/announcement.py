from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``errors|get:name`` (``None`` for the form-wide message)."""
    if not mapping:
        return ""
    return mapping.get(None if key in (None, "None") else key, "")


@register.filter
def field(form, name):
    return form[name]


@register.filter
def split(text):
    return text.split()
