"""The staff list of submitted applications: filters, search, counts, and a query count that does not grow."""

from datetime import datetime

import pytest

from psyboost.applications import services
from psyboost.applications.models import PaperCopy
from psyboost.applications.workflow import State
from tests.applications.conftest import BEIJING, IN_TIME
from tests.factories import ApplicationFactory, CallFactory, StaffFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = StaffFactory(username="zhouna")
    client.force_login(staff)
    client.staff = staff
    return client


def submitted_application(call=None, district="朝阳区", name=None, **kwargs):
    unit = UnitFactory(**({"name": name} if name else {}), district_union=district)
    application = ApplicationFactory(call=call or CallFactory(), unit=unit, district_union=district, **kwargs)
    services.submit(application, UnitUserFactory(unit=unit), now=IN_TIME)
    return application


def make(n: int, staff) -> list:
    made = [submitted_application(district="朝阳区" if i % 2 else "海淀区") for i in range(n)]
    for application in made[::3]:
        services.return_for_revision(application, staff, "请补充材料")
    for application in made[1::3]:
        PaperCopy.objects.create(application=application, received_on=IN_TIME.date(), has_unit_seal=True)
    return made


@pytest.mark.parametrize("size", [3, 30])
def test_the_query_count_does_not_grow_with_the_list(staff_client, size, django_assert_num_queries):
    make(size, staff_client.staff)
    ApplicationFactory(call=CallFactory())  # a draft: counted, not listed

    # session + user, the call, the counts by state, the page's count, the page, the list of years, the header's
    # unread-notice count
    with django_assert_num_queries(8):
        response = staff_client.get("/applications/staff/")

    assert response.status_code == 200
    assert response.context["filtered"] == size
    assert len(response.context["page"].object_list) == size


def test_counts_by_state_and_drafts_not_listed(staff_client):
    made = make(4, staff_client.staff)
    ApplicationFactory(call=CallFactory())

    response = staff_client.get("/applications/staff/")

    counts = {choice.value: n for choice, n in response.context["counts"]}
    assert counts == {
        "draft": 1,
        "submitted": 2,
        "returned": 2,
        "accepted": 0,
        "rejected": 0,
        "selected": 0,
        "not_selected": 0,
        "withdrawn": 0,
        "given_up": 0,
    }
    assert [a.pk for a in response.context["page"]] == [a.pk for a in made]
    assert response.context["listed_total"] == 4


def test_filter_by_state_and_district(staff_client):
    made = make(6, staff_client.staff)  # returned: 0, 3; districts: 海淀区 for even
    haidian_returned = [a.pk for a in made if a.state == State.RETURNED and a.district_union == "海淀区"]

    response = staff_client.get("/applications/staff/", {"state": "returned", "district_union": "海淀区"})

    assert [a.pk for a in response.context["page"]] == haidian_returned == [made[0].pk]


def test_search_by_unit_name_or_number(staff_client):
    call = CallFactory()
    first = submitted_application(call, name="北京热力集团")
    second = submitted_application(call, name="首都医科大学")

    by_name = staff_client.get("/applications/staff/", {"q": "热力"})
    by_number = staff_client.get("/applications/staff/", {"q": "2020-002"})
    by_short = staff_client.get("/applications/staff/", {"q": "2"})

    assert [a.pk for a in by_name.context["page"]] == [first.pk]
    assert [a.pk for a in by_number.context["page"]] == [second.pk]
    assert [a.pk for a in by_short.context["page"]] == [second.pk]


def test_bad_filters_are_ignored(staff_client):
    made = make(2, staff_client.staff)

    response = staff_client.get(
        "/applications/staff/", {"state": "nonsense", "district_union": "火星", "page": "x", "call": "abc"}
    )

    assert response.status_code == 200
    assert response.context["filtered"] == len(made)


def test_another_call_by_year(staff_client):
    submitted_application()
    later = CallFactory(year=2021)
    unit = UnitFactory()
    other = ApplicationFactory(call=later, unit=unit)
    services.submit(other, UnitUserFactory(unit=unit), now=datetime(2021, 7, 1, tzinfo=BEIJING))

    latest = staff_client.get("/applications/staff/")
    older = staff_client.get("/applications/staff/", {"call": "2020"})

    assert [a.display_number for a in latest.context["page"]] == ["2021-001"]
    assert [a.display_number for a in older.context["page"]] == ["2020-001"]


def test_the_list_shows_the_paper_copy(staff_client):
    application = submitted_application()
    PaperCopy.objects.create(application=application, received_on=IN_TIME.date(), has_unit_seal=True)

    html = staff_client.get("/applications/staff/").content.decode()

    assert '2020-07-01 <span class="warning-text">缺章</span>' in html


def test_only_staff(client, application):
    client.force_login(UnitUserFactory(unit=application.unit))

    assert client.get("/applications/staff/").status_code == 403
