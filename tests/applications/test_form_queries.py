"""The section pages read a fixed number of queries whatever the number of rows."""

import pytest

from tests.factories import BudgetItemFactory, StaffMemberFactory

from .test_form_views import section_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra_rows", [0, 40])
@pytest.mark.parametrize(
    ("section", "queries"), [("basic", 11), ("foundation", 12), ("history", 12), ("project", 13), ("signoff", 13)]
)
def test_the_section_page_query_count_does_not_grow_with_rows(
    client, owner, application, django_assert_num_queries, extra_rows, section, queries
):
    for i in range(extra_rows):
        StaffMemberFactory(application=application, position=2 + i, name=f"人员{i}")
        BudgetItemFactory(application=application, position=2 + i)
    client.force_login(owner)
    with django_assert_num_queries(queries):
        assert client.get(section_url(application, section)).status_code == 200
