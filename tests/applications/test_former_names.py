"""The 心理工作人员 were once called "staff" in the form's input names (issue 11): a page loaded before the rename, or
a tab left open, still posts ``staff_members-0-name`` and ``internal_staff_count``. For one release those names are
taken as the new ones, by the autosave (JSON) and by a plain POST, and the row buttons' values too."""

import json

import pytest
from django.urls import reverse

from psyboost.applications.forms import current_name, normalized

from .test_form_views import page_inputs, section_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.fixture
def unit_client(client, owner):
    client.force_login(owner)
    return client


def former(data: dict) -> dict:
    """The page's inputs as the page before the rename named them."""
    renamed = {}
    for key, value in data.items():
        key = key.replace("psych_workers", "staff_members")
        key = {
            "union_worker_count": "union_staff_count",
            "internal_psych_worker_count": "internal_staff_count",
            "external_psych_worker_count": "external_staff_count",
            "qualified_people_count": "qualified_staff_count",
        }.get(key, key)
        renamed[key] = value
    if "tables" in renamed:
        renamed["tables"] = renamed["tables"].replace("psych_workers", "staff_members")
    return renamed


def test_current_name_of_every_former_name():
    assert current_name("staff_members-3-birth_month") == "psych_workers-3-birth_month"
    assert current_name("internal_staff_count") == "internal_psych_worker_count"
    assert current_name("qualified_staff_count") == "qualified_people_count"
    assert current_name("union_staff_count") == "union_worker_count"
    assert current_name("psych_workers-0-name") == "psych_workers-0-name"
    assert current_name("staff_members_x-0-name") == "staff_members_x-0-name"
    assert normalized({"tables": ["staff_members", "equipment"], "row_action": "remove:staff_members:2"}) == {
        "tables": "psych_workers,equipment",
        "row_action": "remove:psych_workers:2",
    }


def test_autosave_with_the_former_names_saves_the_rows_and_counts(unit_client, application):
    data = former(page_inputs(unit_client, application, "foundation"))
    assert "staff_members-0-name" in data
    data["staff_members-0-name"] = "赵心安"
    data["internal_staff_count"] = "7"
    body = {"section": "foundation", "version": application.version, "data": data}

    response = unit_client.post(
        reverse("applications:autosave", args=[application.pk]), json.dumps(body), content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["errors"] == {}
    application.refresh_from_db()
    assert application.internal_psych_worker_count == 7
    assert application.psych_workers.order_by("position").first().name == "赵心安"


def test_plain_post_with_the_former_names_and_a_row_button(unit_client, application):
    before = list(application.psych_workers.order_by("position").values_list("name", flat=True))
    assert len(before) >= 2
    data = former(page_inputs(unit_client, application, "foundation"))
    data["row_action"] = "remove:staff_members:0"

    response = unit_client.post(section_url(application, "foundation"), data)

    assert response.status_code == 302
    assert response["Location"].endswith("#table-psych_workers")
    assert list(application.psych_workers.order_by("position").values_list("name", flat=True)) == before[1:]
