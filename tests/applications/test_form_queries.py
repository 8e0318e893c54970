"""The section pages read a fixed number of queries whatever the number of rows (two of them, the unit's extension
and named years, for the rule that the call is open for the unit)."""

import pytest

from tests.factories import BudgetItemFactory, PsychWorkerFactory

from .test_form_views import section_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


@pytest.mark.parametrize("extra_rows", [0, 40])
@pytest.mark.parametrize(
    ("section", "queries"), [("basic", 13), ("foundation", 14), ("history", 14), ("project", 15), ("signoff", 15)]
)
def test_the_section_page_query_count_does_not_grow_with_rows(
    client, owner, application, django_assert_num_queries, extra_rows, section, queries
):
    for i in range(extra_rows):
        PsychWorkerFactory(application=application, position=2 + i, name=f"人员{i}")
        BudgetItemFactory(application=application, position=2 + i)
    client.force_login(owner)
    with django_assert_num_queries(queries):
        assert client.get(section_url(application, section)).status_code == 200
