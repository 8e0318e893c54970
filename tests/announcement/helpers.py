"""A call at the decided stage: ranked, accepted applications, the top ``quota`` selected, the panel's decision."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from psyboost.calls.models import Call
from psyboost.review.models import Decision, ReviewPhase, ReviewSettings, Selection
from tests import factories

BEIJING = ZoneInfo("Asia/Shanghai")  # tests may name the zone; the code never does


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=BEIJING)


def decided_call(*, year=2020, ranked=6, quota=4, **call_fields) -> Call:
    call = factories.CallFactory(year=year, quota=quota, **call_fields)
    ReviewSettings.objects.update_or_create(call=call, defaults={"phase": ReviewPhase.DECIDED})
    for rank in range(1, ranked + 1):
        unit = factories.UnitFactory(name=f"单位{rank:02d}", district_union="朝阳区")
        application = factories.AcceptedApplicationFactory(
            call=call, unit=unit, number=rank, with_rows=False, with_photos=False
        )
        Selection.objects.create(
            application=application,
            rank=rank,
            final_score=Decimal("90") - rank,
            selected=rank <= quota,
        )
    member = factories.ExpertProfileFactory(name="评审组长")
    decision = Decision.objects.create(
        call=call,
        decided_on=date(year, 9, 20),
        selected_count=quota,
        grant_total=call.grant_amount * quota,
    )
    decision.members.set([member])
    return call


def ranked(call, rank: int):
    return Selection.objects.get(application__call=call, rank=rank).application


def prepared(call, staff, *, starts_at=None, days=5, now=None):
    from psyboost.announcement.services import publishing

    starts_at = starts_at or at(call.year, 9, 28, 9, 0)
    now = now or at(call.year, 9, 25, 10, 0)
    return publishing.prepare(
        call,
        title=publishing.default_title(call),
        body=str(publishing.DEFAULT_BODY),
        starts_at=starts_at,
        days=days,
        publisher="北京市总工会",
        published_on=starts_at.date(),
        actor=staff,
        now=now,
    )


def published(call, staff, **kwargs):
    from psyboost.announcement.services import publishing

    announcement = prepared(call, staff, **kwargs)
    return publishing.publish(announcement, actor=staff, now=kwargs.get("now") or at(call.year, 9, 25, 10, 0))
