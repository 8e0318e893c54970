"""The demo applications: every state in both calls, realistic dates, unit001 complete and submitted, real files."""

import hashlib
import io
from collections import Counter
from datetime import date

import pytest
from PIL import Image

from psyboost.applications.checks import check_application, errors
from psyboost.applications.models import Application, Attachment, Extension, PaperCopy, Transition, Version
from psyboost.applications.services import diff_versions
from psyboost.audit.models import AuditEntry
from psyboost.calls.models import Unit
from psyboost.demo.base import BEIJING
from psyboost.demo.loader import load_demo
from tests.demo.loaded import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def states(year: int) -> Counter:
    return Counter(Application.objects.filter(call__year=year).values_list("state", flat=True))


def beijing_day(moment) -> date:
    return moment.astimezone(BEIJING).date()


def test_the_2020_call_holds_75_applications_at_least_62_accepted():
    # The 63 accepted ones went on through the demo announcement: 40 selected, 23 not.
    assert states(2020) == {"selected": 40, "not_selected": 23, "rejected": 4, "returned": 4, "submitted": 4}
    assert Transition.objects.filter(application__call__year=2020, to_state="accepted").count() == 63


def test_the_open_call_holds_drafts_and_a_few_submitted():
    assert states(2026) == {"draft": 16, "submitted": 4, "accepted": 2, "returned": 1, "withdrawn": 1, "given_up": 1}


def test_unit001s_current_application_is_complete_and_submitted_with_its_files():
    application = Application.objects.get(call__year=2026, unit__users__username="unit001")
    assert application.state == "submitted"
    assert application.display_number.startswith("2026-")
    assert errors(check_application(application)) == []
    kinds = Counter(application.attachments.values_list("kind", flat=True))
    assert kinds["site_photo"] >= 3 and kinds["equipment_photo"] >= 2 and kinds["signed_scan"] == 1
    assert application.versions.count() == 1
    assert application.budget_items.count() >= 3 and application.psych_workers.count() >= 2
    assert Application.objects.get(call__year=2020, unit__users__username="unit001").state == "selected"


def test_2020_numbers_follow_the_order_of_first_submission():
    first_submitted = {
        step.application_id: step.at
        for step in Transition.objects.filter(application__call__year=2020, to_state="submitted").order_by("-at")
    }
    by_time = sorted(first_submitted, key=first_submitted.get)
    numbers = dict(Application.objects.filter(call__year=2020).values_list("pk", "number"))
    assert [numbers[pk] for pk in by_time] == list(range(1, 76))


def test_2020_timeline_reads_like_2020():
    steps = Transition.objects.filter(application__call__year=2020)
    first = steps.filter(from_state="draft")
    assert min(beijing_day(step.at) for step in first) >= date(2020, 6, 1)
    assert max(beijing_day(step.at) for step in first) <= date(2020, 7, 20)
    screened = steps.filter(to_state__in=["accepted", "rejected", "returned"])
    assert min(beijing_day(step.at) for step in screened) >= date(2020, 7, 21)
    assert max(beijing_day(step.at) for step in screened) <= date(2020, 8, 31)
    assert all(step.reason for step in steps.filter(to_state__in=["rejected", "returned"]))
    for application in Application.objects.filter(call__year=2020):
        assert application.created_at < application.submitted_at
        times = list(application.transitions.values_list("at", flat=True))
        assert times == sorted(times)


def test_three_2020_applications_were_returned_resubmitted_in_their_extension_and_accepted():
    resubmitted = Application.objects.filter(
        call__year=2020, transitions__from_state="returned", transitions__to_state="submitted"
    )
    assert resubmitted.count() == 3
    for application in resubmitted:
        assert application.transitions.filter(to_state="accepted").exists()
        assert application.state in ("selected", "not_selected")  # the demo announcement went on from there
        assert application.versions.count() == 2
        extension = Extension.objects.get(call=application.call, unit=application.unit)
        assert date(2020, 7, 20) < beijing_day(application.submitted_at) <= beijing_day(extension.until)
        first, second = application.versions.order_by("number")
        assert diff_versions(first, second) != []  # the unit changed what the return asked for
    assert Extension.objects.filter(call__year=2020).count() == 7  # 3 resubmitted + 4 still returned


def test_versions_carry_their_submission_time():
    for version in Version.objects.filter(application__call__year=2020, number=1)[:10]:
        assert beijing_day(version.created_at) <= date(2020, 7, 20)


def test_paper_copies_arrived_for_the_screened_2020_applications():
    papers = PaperCopy.objects.filter(application__call__year=2020)
    assert papers.count() == 71  # all but the 4 still returned
    missing_a_seal = [paper for paper in papers if not paper.has_both_seals]
    assert [(p.application.state, p.has_unit_seal, p.has_union_seal) for p in missing_a_seal] == [
        ("submitted", True, False)
    ]


def test_the_intake_stories_a_withdrawal_a_give_up_two_years_and_a_former_name():
    given_up = Transition.objects.get(to_state="given_up")
    assert (given_up.from_state, given_up.reason) == ("submitted", "单位场地改建，本年度无法实施项目。")
    assert Transition.objects.filter(to_state="withdrawn").count() == 1
    assert Unit.objects.filter(former_names="北京市东城区某某服务中心（更名前）").count() == 1
    assert sum(1 for unit in Unit.objects.prefetch_related("namings") if len(unit.named_years) == 2) == 1


def test_the_current_calls_drafts_are_at_every_stage():
    drafts = Application.objects.filter(call__year=2026, state="draft")
    complete = [a for a in drafts if not errors(check_application(a))]
    assert len(complete) == 4
    untouched = [a for a in drafts if not a.unit_profile]
    assert len(untouched) == 3
    assert drafts.filter(site_area__isnull=True).exclude(unit_profile="").count() == 5  # section 一 only


def test_attachments_are_small_real_jpegs_with_their_checksums():
    attachments = Attachment.objects.filter(content_type="image/jpeg")
    assert attachments.count() > 400
    for attachment in attachments.order_by("?")[:20]:
        with attachment.file.open("rb") as stored:
            data = stored.read()
        assert len(data) == attachment.size < 20_000
        assert hashlib.sha256(data).hexdigest() == attachment.sha256
        assert Image.open(io.BytesIO(data)).format == "JPEG"
        assert attachment.file.name.endswith(".jpg") and "demo" not in attachment.file.name


def test_running_it_again_adds_nothing():
    counts = (Application.objects.count(), Attachment.objects.count(), Transition.objects.count())
    audit = AuditEntry.objects.count()
    again = dict((step.key, (r.created, r.updated, r.unchanged)) for step, r in load_demo(now=NOW))
    assert again["applications"] == (0, 0, 100)
    assert (Application.objects.count(), Attachment.objects.count(), Transition.objects.count()) == counts
    assert AuditEntry.objects.count() == audit


def test_some_applications_have_a_short_activity_video_unit001s_too():
    videos = Attachment.objects.filter(kind="activity_video")
    assert 15 <= videos.count() <= 40
    assert videos.filter(application__unit__users__username="unit001", application__call__year=2026).count() == 1
    for video in videos[:3]:
        with video.file.open("rb") as stored:
            data = stored.read()
        assert video.content_type == "video/mp4" and video.file.name.endswith(".mp4")
        assert data[4:12] == b"ftypisom" and b"avc1" in data[:1000] and len(data) == video.size < 80_000
