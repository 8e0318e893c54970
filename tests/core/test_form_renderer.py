"""The fast form renderer writes exactly what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

from psyboost.core.form_renderer import WIDGETS, FastRenderer
from psyboost.settings import base as base_settings

CHOICES = [("", "—"), ("a", "甲 & <乙>"), (_("分组"), [("b", "丙"), (3, 'quote "x"')]), ("c", _("是"))]


class Everything(forms.Form):
    text = forms.CharField(max_length=5, help_text="x")
    blank = forms.CharField(required=False)
    number = forms.DecimalField(max_digits=8, decimal_places=2, min_value=0)
    integer = forms.IntegerField(widget=forms.NumberInput(attrs={"step": 1, "data-x": 'a"b', "readonly": True}))
    email = forms.EmailField()
    url = forms.URLField(required=False, assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField()
    hour = forms.TimeField()
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "disabled": False}))
    long = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    empty_long = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(choices=CHOICES)
    several = forms.MultipleChoiceField(choices=CHOICES, required=False)
    tick = forms.BooleanField(required=False)
    null = forms.NullBooleanField()
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)  # not fast: rendered by Django


VALUES = [
    {},
    {
        "text": "a<b>&'\"",
        "blank": "",
        "number": "12.50",
        "integer": "7",
        "email": "x@example.com",
        "url": "https://example.org/?a=1&b=2",
        "secret": "p<w",
        "hidden": "h",
        "day": "2020-07-01",
        "moment": "2020-07-01 10:00",
        "hour": "09:30",
        "phone": "010-6500",
        "long": "第一行\n<第二行> & more",
        "choice": "b",
        "several": ["a", "3"],
        "tick": "on",
        "null": "true",
        "radio": "c",
    },
]


@pytest.mark.parametrize("data", VALUES)
@pytest.mark.parametrize("bound", [True, False])
def test_every_widget_renders_as_django_renders_it(data, bound):
    initial = {"day": datetime.date(2020, 7, 1), "long": "初始\n值", "choice": "a", "tick": True}
    django_form = Everything(data if bound else None, initial=initial, renderer=DjangoTemplates())
    fast_form = Everything(data if bound else None, initial=initial, renderer=FastRenderer())
    for name in Everything.base_fields:
        assert str(fast_form[name]) == str(django_form[name]), name


def test_the_common_widgets_are_written_in_python_and_the_setting_uses_the_renderer():
    assert base_settings.FORM_RENDERER == "psyboost.core.form_renderer.FastRenderer"
    assert {WIDGETS + name for name in ("text.html", "number.html", "textarea.html", "select.html")} <= set(
        FastRenderer.fast
    )
    assert WIDGETS + "radio.html" not in FastRenderer.fast
