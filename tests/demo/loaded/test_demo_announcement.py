"""The demo's announcement: 2020 goes the whole way (公示 28 September to Saturday 10 October 2020, two objections,
one replacement with a supplementary 公示, 40 selected, notices sent, unit001 among them); 2019 stays decided."""

from datetime import UTC, datetime

import pytest

from psyboost.announcement.models import Amendment, Announcement, Objection
from psyboost.applications.workflow import State
from psyboost.calls.models import Call
from psyboost.demo.loader import load_demo
from psyboost.notifications.models import Notice
from psyboost.review.models import Decision
from tests.demo.loaded import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_2020_goes_the_whole_way():
    call = Call.objects.get(year=2020)
    # confirmed, then carried on by the projects step to its end
    assert list(call.steps.order_by("at").values_list("to_status", flat=True)) == [
        "review",
        "announcement",
        "implementation",
        "closing",
        "archived",
    ]
    initial, supplementary = Announcement.objects.filter(call=call).order_by("starts_at")
    assert initial.starts_at == datetime(2020, 9, 28, 1, 0, tzinfo=UTC)
    assert initial.ends_at == datetime(2020, 10, 10, 16, 0, tzinfo=UTC)  # midnight after Saturday 10 October
    assert supplementary.kind == "supplementary" and supplementary.amendment is not None
    assert sorted(Objection.objects.filter(announcement=initial).values_list("outcome", flat=True)) == [
        "rejected",
        "upheld",
    ]
    assert Amendment.objects.filter(call=call).count() == 1
    assert call.applications.filter(state=State.SELECTED).count() == 40
    assert call.applications.filter(state=State.ACCEPTED).count() == 0
    unit001 = call.applications.get(unit__users__username="unit001")
    assert unit001.state == State.SELECTED
    assert Notice.objects.filter(recipient__username="unit001", event="result_selected").count() == 1
    assert Notice.objects.filter(event="result_not_selected").count() > 0


def test_2019_stays_at_the_decided_stage():
    call = Call.objects.get(year=2019)
    assert Decision.objects.filter(call=call).exists()
    assert not Announcement.objects.filter(call=call).exists()
    assert call.applications.filter(selection__selected=True).count() == 40


def test_loading_again_changes_nothing():
    before = (Announcement.objects.count(), Objection.objects.count(), Notice.objects.count())
    load_demo(now=NOW)
    assert (Announcement.objects.count(), Objection.objects.count(), Notice.objects.count()) == before
