"""Time to match per request type: median and 90th percentile of the matched, ages of the open, on a frozen clock."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from psyboost.projects.models import Provider
from psyboost.projects.services import match_times, matching
from tests import factories

pytestmark = pytest.mark.django_db
FILED = datetime(2020, 9, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
NOW = datetime(2020, 9, 11, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_median_of_an_even_count_is_the_mean_of_the_middle_two_and_p90_the_nearest_rank():
    values = [Decimal(v) for v in ("1.0", "4.0", "2.0", "10.0")]
    assert match_times.median(values) == Decimal("3.0")
    assert match_times.median(values[:3]) == Decimal("2.0")
    assert match_times.percentile(values, 90) == Decimal("10.0")
    assert match_times.percentile([Decimal(i) for i in range(1, 21)], 90) == Decimal("18")
    assert match_times.median([]) is None and match_times.percentile([], 90) is None


def _world(requests_per_kind, name="甲单位"):
    staff = factories.StaffFactory()
    unit = factories.UnitFactory(name=name)
    user = factories.UnitUserFactory(unit=unit)
    provider = Provider.objects.create(name=f"{name}的服务机构")
    made = []
    for kind, spans in requests_per_kind.items():
        for hours in spans:
            item = matching.file_request(unit, user, kind=kind, need="需求", now=FILED)
            if hours is not None:
                matching.match(
                    item, staff, provider_id=str(provider.pk), arrangement="联系", now=FILED + timedelta(hours=hours)
                )
            made.append(item)
    return staff, unit, user, made


def test_per_type_and_over_all_types_with_open_ages_at_now():
    _world({"social": [2, 30, 4.25, None], "guidance": [None, None], "experts": [1]})
    cancelled = matching.file_request(factories.UnitFactory(), factories.StaffFactory(), kind="platform", need="x")
    cancelled.state = "cancelled"
    cancelled.save()
    requests = list(matching.ResourceRequest.objects.all())

    rows = match_times.match_times(requests, now=NOW)

    assert [(r.kind, r.label) for r in rows] == [
        ("social", "社会资源对接"),
        ("experts", "专家库"),
        ("guidance", "咨询指导"),
        ("", "全部"),
    ]
    social, experts, guidance, every = rows
    assert (social.matched, social.median, social.p90) == (
        [Decimal("2.0"), Decimal("30.0"), Decimal("4.3")],
        Decimal("4.3"),
        Decimal("30.0"),
    )
    assert (social.open_count, social.oldest_open, social.open_median) == (1, Decimal("240.0"), Decimal("240.0"))
    assert (experts.median, experts.p90, experts.open_count, experts.oldest_open) == (
        Decimal("1.0"),
        Decimal("1.0"),
        0,
        None,
    )
    assert (guidance.median, guidance.open_count, guidance.open_ages) == (None, 2, [Decimal("240.0")] * 2)
    assert (every.median, every.p90, every.open_count) == (Decimal("3.2"), Decimal("30.0"), 3)


def test_the_staff_page_shows_the_table_and_each_open_request_age_with_fixed_queries(client):
    staff, _unit, _user, _made = _world({"social": [2, None], "guidance": [None]})
    client.force_login(staff)
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as small:
        page = client.get("/projects/requests/").content.decode()
    assert "已等待 240.0 小时" in page
    table = page[page.index('id="match-times"') : page.index("</table>", page.index('id="match-times"'))]
    assert '<th scope="row">社会资源对接</th><td class="num">1</td><td class="num">2.0</td>' in table
    cells = "".join(f'<td class="num">{value}</td>' for value in ("1", "2.0", "2.0", "2", "240.0", "240.0"))
    assert f'<th scope="row">全部</th>{cells}' in table
    _world({"experts": [5, 6, None], "platform": [None]}, name="乙单位")
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as large:
        assert client.get("/projects/requests/").status_code == 200
    assert len(small) == len(large)
