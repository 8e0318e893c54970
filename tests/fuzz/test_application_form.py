"""The application form's autosave (JSON) and section pages (form POST) under generated input: never a server error,
never a stored value outside its field's rules."""

import json

import pytest
from django.db import models
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from psyboost.applications.models import ROW_MODELS, Application
from psyboost.applications.sections import SECTIONS
from tests.factories import ApplicationFactory, UnitUserFactory

from .conftest import SENT, fuzz_settings
from .strategies import JSON_VALUE, SCALAR

pytestmark = pytest.mark.django_db


def section_inputs(section) -> st.SearchStrategy:
    names = list(section.fields)
    for kind in section.rows:
        names += [f"{kind}-{i}-{column}" for i in (0, 1, 7) for column in ROW_MODELS[kind].columns]
    names += ["tables", "version", "csrfmiddlewaretoken", "unknown-0-x", "psych_workers--1-name"]
    return st.dictionaries(st.sampled_from(names), SCALAR, max_size=12)


SECTION_AND_DATA = st.sampled_from(SECTIONS).flatmap(lambda s: st.tuples(st.just(s), section_inputs(s)))


def assert_stored_values_follow_their_fields(application: Application) -> None:
    application = Application.objects.get(pk=application.pk)
    for field in Application._meta.concrete_fields:
        if field.editable and not isinstance(field, models.ForeignKey):
            field.clean(getattr(application, field.attname), application)
    for kind, model in ROW_MODELS.items():
        for row in getattr(application, kind).all():
            for field in model._meta.concrete_fields:
                if field.editable and not isinstance(field, models.ForeignKey) and not field.primary_key:
                    field.clean(getattr(row, field.attname), row)


@pytest.fixture
def owned(client):
    application = ApplicationFactory()
    client.force_login(UnitUserFactory(unit=application.unit))
    return client, application


def test_autosave_under_generated_json(owned):
    client, application = owned
    url = reverse("applications:autosave", args=[application.pk])

    @fuzz_settings("autosave")
    @given(SECTION_AND_DATA, st.one_of(st.none(), JSON_VALUE), st.booleans())
    def send(section_and_data, odd_value, stale):
        section, data = section_and_data
        version = Application.objects.values_list("version", flat=True).get(pk=application.pk)
        body = {"section": section.key, "version": version - 1 if stale else version, "data": data}
        if odd_value is not None:
            body["data"] = {**data, "headcount": odd_value} if isinstance(odd_value, (str, int)) else odd_value
        response = client.post(url, json.dumps(body), content_type="application/json")
        SENT["count"] += 1
        assert response.status_code in (200, 400, 409), response.content[:300]
        assert_stored_values_follow_their_fields(application)

    send()


def test_section_pages_under_generated_posts(owned):
    client, application = owned

    @fuzz_settings("section")
    @given(SECTION_AND_DATA, st.sampled_from(["", "add:psych_workers", "remove:budget_items:0", "up:x:1", "down::"]))
    def send(section_and_data, row_action):
        section, data = section_and_data
        version = Application.objects.values_list("version", flat=True).get(pk=application.pk)
        form = {key: "" if value is None else str(value).replace("\x00", "") for key, value in data.items()}
        form.update(version=str(version), row_action=row_action)
        response = client.post(reverse("applications:section", args=[application.pk, section.key]), form)
        SENT["count"] += 1
        assert response.status_code in (200, 302, 400, 409), response.content[:300]  # 400: messages by field
        assert_stored_values_follow_their_fields(application)

    send()
