"""A form renderer that writes Django's common widgets in Python: the section pages of the form carry 50–90
inputs, and rendering each through its widget template (an include per attribute list and per option) was most
of a page's time. The output is character for character what Django's own templates write (a test compares them);
any other widget template (and any template whose source differs from the one this was written against, e.g.
after a Django upgrade) is rendered by Django as before.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates

from psyboost.core.escaping import escaped

WIDGETS = "django/forms/widgets/"
_INPUT_INCLUDE = '{% include "django/forms/widgets/input.html" %}\n'
_INPUT_LIKE = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "tel")
_EXPECTED = {
    "input.html": (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
        "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>\n'
    ),
    "attrs.html": (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
    ),
    "textarea.html": (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
    ),
    "select.html": (
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
        "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
        '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
        "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
        "  </optgroup>{% endif %}{% endfor %}\n</select>\n"
    ),
    "select_option.html": (
        "<option value=\"{{ widget.value|stringformat:'s' }}\""
        '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
    ),
    **{f"{name}.html": _INPUT_INCLUDE for name in (*_INPUT_LIKE, "checkbox")},
}


def _source(name: str) -> str | None:
    try:
        return (Path(django.forms.__file__).parent / "templates" / WIDGETS / name).read_text(encoding="utf-8")
    except OSError:
        return None


def _checked() -> frozenset[str]:
    """The widget templates whose Django source is the one the functions below reproduce."""
    same = {name for name, text in _EXPECTED.items() if _source(name) == text}
    basics = {"input.html", "attrs.html"}
    if not basics <= same:
        return frozenset()
    usable = {name for name in same if name not in basics}
    if "select_option.html" not in usable:
        usable.discard("select.html")
    return frozenset(WIDGETS + name for name in usable)


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {escaped(name)}")
        else:
            parts.append(f' {escaped(name)}="{escaped(str(value))}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{escaped(str(value))}"'
    return f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = widget["value"]
    text = escaped(value) if value else ""
    return f'<textarea name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _option(option: dict) -> str:
    return (
        f'<option value="{escaped(str(option["value"]))}"{_attrs(option["attrs"])}>'
        f"{escaped(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != WIDGETS + "select_option.html":
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastRenderer(DjangoTemplates):
    """Django's default form renderer, with the common widgets written in Python (see the module's note)."""

    fast = _checked()

    def render(self, template_name, context, request=None):
        if template_name in self.fast:
            html = self._fast(template_name, context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)

    @staticmethod
    def _fast(template_name: str, widget: dict) -> str | None:
        name = template_name.removeprefix(WIDGETS)
        if name == "textarea.html":
            return _textarea(widget)
        if name == "select.html":
            return _select(widget)
        if name == "select_option.html":
            return _option(widget).strip()
        return _input(widget)
