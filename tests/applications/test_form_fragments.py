"""A section's inputs kept between requests (``views.form_fragments``): reused only while the draft, its messages,
the call and the language are what they were rendered from; never for a page that shows what was typed."""

import pytest
from django.utils import translation

from psyboost.applications.forms import SectionEdit, section_or_none
from psyboost.applications.views import form_fragments
from psyboost.applications.views.form_context import saved_rows

from .test_form_views import page_inputs, section_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


class Renders:
    """A ``render`` for ``as_saved`` that counts its calls and answers with the count."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"rendered {self.calls}"


def shown(application, section="basic"):
    """The section's inputs as stored, and the messages beside them (none for a fresh draft's section 一)."""
    return SectionEdit(section_or_none(section), application, saved_rows(application)), {}


def test_the_same_saved_version_is_rendered_once(application):
    render = Renders()
    edit, listed = shown(application)
    assert form_fragments.as_saved(edit, listed, render) == "rendered 1"
    edit, listed = shown(application)
    assert form_fragments.as_saved(edit, listed, render) == "rendered 1"
    assert render.calls == 1


def test_a_new_version_a_message_the_call_or_the_language_renders_anew(application):
    render = Renders()
    edit, listed = shown(application)
    form_fragments.as_saved(edit, listed, render)
    application.version += 1
    form_fragments.as_saved(edit, listed, render)
    assert render.calls == 2
    listed = {"headcount": ["另一条提示"]}
    form_fragments.as_saved(edit, listed, render)
    assert render.calls == 3
    application.call.grant_amount += 1
    form_fragments.as_saved(edit, listed, render)
    assert render.calls == 4
    with translation.override("en"):
        form_fragments.as_saved(edit, listed, render)
    assert render.calls == 5
    form_fragments.as_saved(edit, listed, render)
    assert render.calls == 5


def test_a_save_is_shown_by_the_next_page(client, owner, application):
    client.force_login(owner)
    data = page_inputs(client, application, "basic")  # renders and keeps the inputs of this version
    data["union_leader"] = "赵新"
    assert client.post(section_url(application, "basic"), data).status_code == 302
    page = client.get(section_url(application, "basic")).content.decode()
    assert 'value="赵新"' in page


def test_a_refused_input_is_shown_as_typed_not_as_kept(client, owner, application):
    client.force_login(owner)
    data = page_inputs(client, application, "basic")
    data["headcount"] = "一百"
    page = client.post(section_url(application, "basic"), data).content.decode()
    assert 'value="一百"' in page
    assert "请用阿拉伯数字填写" in page
