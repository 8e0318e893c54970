"""Entries for ``announcement:*``: the public results (anonymous, only once published and from its start), the
objection form and status look-up, the staff pages (staff and administrators), the unit's explanation (its own unit
only) and the selection letter (the selected unit and staff).

The world's 2020 call gets a panel decision: unit A's application ranked first and selected, unit B's second and
not; ``announced`` publishes the 公示 of 28 September 2020 (public today, its window long closed)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from psyboost.announcement.models import (
    Amendment,
    Announcement,
    Confirmation,
    Entry,
    Explanation,
    ExplanationFile,
    Objection,
    ObjectionFile,
)
from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.review.models import Decision, Selection
from tests import factories

from .framework import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Status,
    answers,
    entry,
    everyone,
    get,
    post,
    redirect,
    staff_only,
)

BEIJING = ZoneInfo("Asia/Shanghai")
BAD_REQUEST = Status(400)
PDF = b"%PDF-1.4\n%%EOF\n"


def application_of(w, unit, rank: int, selected: bool) -> Application:
    application = Application.objects.filter(call=w.call, unit=unit).first() or factories.AcceptedApplicationFactory(
        call=w.call, unit=unit, number=rank, with_rows=False, with_photos=False
    )
    Selection.objects.get_or_create(
        application=application, defaults={"rank": rank, "final_score": Decimal(90 - rank), "selected": selected}
    )
    return application


def decided(w):
    a = application_of(w, w.unit_a, 1, True)
    application_of(w, w.unit_b, 2, False)
    Decision.objects.get_or_create(
        call=w.call, defaults={"decided_on": date(2020, 9, 20), "selected_count": 1, "grant_total": Decimal(20000)}
    )
    return a


def announced(w) -> Announcement:
    found = Announcement.objects.filter(call=w.call, kind="initial").first()
    if found:
        return found
    a = decided(w)
    announcement = Announcement.objects.create(
        call=w.call,
        title="关于2020年度优秀职工心理服务助推项目评选结果的公示",
        body="拟确定以下{count}个项目。",
        starts_at=datetime(2020, 9, 28, 9, tzinfo=BEIJING),
        days=5,
        counting="working",
        ends_at=datetime(2020, 10, 11, tzinfo=BEIJING),
        publisher="北京市总工会",
        published_on=date(2020, 9, 28),
        published_at=datetime(2020, 9, 25, 10, tzinfo=BEIJING),
    )
    Entry.objects.create(
        announcement=announcement, position=1, application=a, number="2020-001", unit_name=a.unit.name,
        district_union="朝阳区", project_name="项目",
    )  # fmt: skip
    return announcement


def draft(w) -> Announcement:
    announcement = announced(w)
    Announcement.objects.filter(pk=announcement.pk).update(published_at=None)
    return announcement


def objection(w) -> Objection:
    announcement = announced(w)
    return Objection.objects.filter(announcement=announcement).first() or Objection.objects.create(
        announcement=announcement, application=decided(w), receipt="YY2020-00000001", objector="individual",
        name="张三", phone="13800001111", grounds="不实", received_at=datetime(2020, 9, 29, 10, tzinfo=BEIJING),
    )  # fmt: skip


def explanation(w) -> Explanation:
    return Explanation.objects.create(
        objection=objection(w), request="请说明。", requested_at=datetime(2020, 9, 30, tzinfo=BEIJING)
    )


def objection_file(w) -> ObjectionFile:
    from django.core.files.base import ContentFile

    item = ObjectionFile(
        objection=objection(w), purpose="evidence", original_name="e.pdf", content_type="application/pdf", size=len(PDF)
    )
    item.file.save("e.pdf", ContentFile(PDF), save=False)
    item.save()
    return item


def explanation_file(w) -> ExplanationFile:
    from django.core.files.base import ContentFile

    item = ExplanationFile(
        explanation=explanation(w), original_name="x.pdf", content_type="application/pdf", size=len(PDF)
    )
    item.file.save("x.pdf", ContentFile(PDF), save=False)
    item.save()
    return item


def amendment(w) -> Amendment:
    announced(w)
    found = Amendment.objects.filter(call=w.call).first()
    if found:
        return found
    b = Application.objects.get(call=w.call, unit=w.unit_b)
    return Amendment.objects.create(
        call=w.call, removed=decided(w), cause="withdrawal", statement="申报单位主动放弃", replacement=b,
        at=datetime(2020, 10, 12, tzinfo=BEIJING),
    )  # fmt: skip


def confirmed(w) -> Application:
    a = decided(w)
    announced(w)
    Confirmation.objects.get_or_create(
        call=w.call,
        defaults={"confirmed_at": datetime(2020, 10, 12, tzinfo=BEIJING), "selected_count": 1, "verification": "ab"},
    )
    Application.objects.filter(pk=a.pk).update(state=State.SELECTED)
    return a


def given_up(w) -> Application:
    """Unit A's listed application, given up during the 公示: its place waits for staff's 递补."""
    a = decided(w)
    announced(w)
    Application.objects.filter(pk=a.pk).update(state=State.GIVEN_UP)
    return a


def year(w) -> dict:
    return {"year": w.call.year}


def public_year(w) -> dict:
    announced(w)
    return {"year": w.call.year}


def missing(w) -> dict:
    return {"year": 1999}


def pk_of(builder):
    return lambda w: {"pk": builder(w).pk}


def public_file(w) -> dict:
    return {"year": w.call.year, "pk": announced(w).pk}


def draft_file(w) -> dict:
    return {"year": w.call.year, "pk": draft(w).pk}


STAFF_CALL = redirect("announcement:staff_call", 2020)

ENTRIES = [
    entry(
        "announcement:results",
        get(everyone(OK), kwargs=public_year),
        get(everyone(NOT_FOUND), "not published", kwargs=lambda w: {"year": draft(w).call.year}),
        get(everyone(NOT_FOUND), "missing year", kwargs=missing),
    ),
    entry(
        "announcement:results_json",
        get(everyone(OK), kwargs=public_year),
        get(everyone(NOT_FOUND), "not published", kwargs=lambda w: {"year": draft(w).call.year}),
    ),
    entry(
        "announcement:pdf", get(everyone(OK), kwargs=public_file), get(everyone(NOT_FOUND), "draft", kwargs=draft_file)
    ),
    entry(
        "announcement:docx", get(everyone(OK), kwargs=public_file), get(everyone(NOT_FOUND), "draft", kwargs=draft_file)
    ),
    entry(
        "announcement:objection",
        get(everyone(OK), kwargs=public_year),
        get(everyone(NOT_FOUND), "not published", kwargs=year),
        post(everyone(BAD_REQUEST), "window closed", kwargs=public_year, data=lambda w: {"name": "张三"}),
    ),
    entry(
        "announcement:objection_status",
        get(everyone(OK), kwargs=year),
        post(everyone(OK), "look up", kwargs=year, data=lambda w: {"receipt": objection(w).receipt, "phone": "1"}),
    ),
    entry("announcement:verify", get(everyone(OK), kwargs=year, query="code=ABC")),
    entry("announcement:feed", get(everyone(OK), kwargs=lambda w: (announced(w), {})[1])),
    entry("announcement:staff_index", get(staff_only(OK))),
    entry("announcement:calendar", get(staff_only(OK)), post(staff_only(BAD_REQUEST), "invalid", data=lambda w: {})),
    entry(
        "announcement:staff_call",
        get(staff_only(OK), kwargs=public_year),
        get(staff_only(NOT_FOUND), "missing year", kwargs=missing),
    ),
    entry(
        "announcement:settings",
        get(staff_only(OK), kwargs=year),
        post(staff_only(STAFF_CALL), "save", kwargs=year, data=lambda w: {"counting": "natural", "publisher": "x"}),
    ),
    entry(
        "announcement:prepare",
        get(staff_only(OK), kwargs=lambda w: (decided(w), year(w))[1]),
        post(staff_only(BAD_REQUEST), "invalid", kwargs=lambda w: (decided(w), year(w))[1], data=lambda w: {}),
    ),
    entry("announcement:confirm", post(staff_only(STAFF_CALL), kwargs=public_year)),
    entry(
        "announcement:register",
        get(staff_only(OK), kwargs=public_year),
        post(staff_only(BAD_REQUEST), "invalid", kwargs=public_year, data=lambda w: {"channel": "letter"}),
    ),
    entry(
        "announcement:amend",
        get(staff_only(OK), kwargs=public_year),
        post(staff_only(BAD_REQUEST), "invalid", kwargs=public_year, data=lambda w: {}),
    ),
    entry(
        "announcement:replacement",
        get(staff_only(OK), kwargs=pk_of(given_up)),
        post(
            staff_only(STAFF_CALL),
            kwargs=pk_of(given_up),
            data=lambda w: {"replacement": str(w.unit_b.applications.get().pk)},
        ),
        post(staff_only(BAD_REQUEST), "invalid: no reason", kwargs=pk_of(given_up), data=lambda w: {}),
        get(staff_only(NOT_FOUND), "not given up", kwargs=pk_of(decided)),
    ),
    entry("announcement:preview", get(staff_only(OK), kwargs=pk_of(announced))),
    entry("announcement:publish", post(staff_only(STAFF_CALL), "refused: published", kwargs=pk_of(announced))),
    entry(
        "announcement:correct",
        get(staff_only(OK), kwargs=pk_of(announced)),
        post(staff_only(BAD_REQUEST), "invalid", kwargs=pk_of(announced), data=lambda w: {"title": "x"}),
    ),
    entry("announcement:posting", post(staff_only(STAFF_CALL), "invalid", kwargs=pk_of(announced), data=lambda w: {})),
    entry(
        "announcement:objection_detail",
        get(staff_only(OK), kwargs=pk_of(objection)),
        post(
            staff_only(BAD_REQUEST), "close without reply", kwargs=pk_of(objection), data=lambda w: {"action": "close"}
        ),
    ),
    entry("announcement:objection_file", get(staff_only(OK), kwargs=pk_of(objection_file))),
    entry("announcement:explanation_file", get(staff_only(OK), kwargs=pk_of(explanation_file))),
    entry(
        "announcement:supplementary",
        get(staff_only(OK), kwargs=pk_of(amendment)),
        post(staff_only(BAD_REQUEST), "invalid", kwargs=pk_of(amendment), data=lambda w: {}),
    ),
    entry(
        "announcement:explanation",
        get(answers(FORBIDDEN, anonymous=LOGIN, unit=OK), kwargs=pk_of(explanation)),
        post(answers(FORBIDDEN, anonymous=LOGIN, unit=BAD_REQUEST), "empty", kwargs=pk_of(explanation)),
    ),
    entry(
        "announcement:letter",
        get(staff_only(OK, unit=OK), kwargs=pk_of(confirmed)),
        get(
            staff_only(NOT_FOUND),
            "not selected",
            kwargs=lambda w: (confirmed(w), {"pk": Application.objects.get(call=w.call, unit=w.unit_b).pk})[1],
        ),
    ),
]
