"""Entries for the ``applications:*`` patterns of ``urls_staff``: files, the pre-submit check, the unit's read-only
view and versions, and the staff formal check.

Objects belong to unit A (role ``unit``). A signed-in user without the right gets 403 and a missing object 404;
signed-out visitors always go to the login page. Experts see files only when assigned (and never the unit's history).
The world's 2020 call is closed, so the unit's submission is refused (400, with the reason) unless extended.
"""

from datetime import datetime

from psyboost.applications import services
from psyboost.applications.models import Application
from psyboost.calls.models import Call
from tests import factories
from tests.uploads import samples

from .framework import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Redirect,
    Status,
    answers,
    entry,
    everyone,
    get,
    hidden_from_other_units,
    post,
    staff_only,
)

BAD_REQUEST = Status(400)
IN_TIME = datetime(2020, 7, 1, 10, 0, tzinfo=factories.BEIJING)


# The builders may run more than once per world (tests/core/test_external_hosts.py asks for every role's URL in
# one world): each makes unit A's one application once and then finds it.


def draft_of_a(w) -> Application:
    existing = Application.objects.filter(call=w.call, unit=w.unit_a).first()
    return existing or factories.ApplicationFactory(call=w.call, unit=w.unit_a)


def submitted_of_a(w) -> Application:
    application = draft_of_a(w)
    if application.state != "draft":
        return application
    return services.submit(application, w.users["unit"], now=IN_TIME)


def resubmitted_of_a(w) -> Application:
    application = submitted_of_a(w)
    if application.versions.count() > 1:
        return application
    services.return_for_revision(application, w.users["staff"], "请核对单位人数")
    services.save_draft(application, {"headcount": 1300}, expected_version=application.version, actor=w.users["unit"])
    return services.submit(application, w.users["unit"], now=IN_TIME)


def draft(w) -> dict:
    return {"pk": draft_of_a(w).pk}


def submitted(w) -> dict:
    return {"pk": submitted_of_a(w).pk}


def draft_after_the_deadline(w) -> dict:
    """The world's clock is 1 July 2020: the call's deadline is moved before it."""
    Call.objects.filter(pk=w.call.pk).update(
        opens_at=datetime(2020, 6, 1, tzinfo=factories.BEIJING),
        deadline=datetime(2020, 6, 30, 23, 59, 59, tzinfo=factories.BEIJING),
    )
    return draft(w)


def submitted_with_paper(w) -> dict:
    """Submitted, with the paper copy in and both seals on it (what acceptance needs by default)."""
    application = submitted_of_a(w)
    if not hasattr(application, "paper_copy"):
        factories.PaperCopyFactory(application=application)
    return {"pk": application.pk}


def missing(w) -> dict:
    return {"pk": 999999}


def photo(w) -> dict:
    return {"pk": draft_of_a(w).attachments.get(kind="site_photo").pk}


def real_photo(w) -> dict:
    """A photo Pillow can read (the factory's default bytes are only a JPEG's outline)."""
    return {"pk": factories.AttachmentFactory(application=draft_of_a(w), data=samples.jpeg()).pk}


def frozen_photo(w) -> dict:
    return {"pk": submitted_of_a(w).attachments.get(kind="site_photo").pk}


def photo_for_assigned_expert(w) -> dict:
    application = submitted_of_a(w)
    if application.state == "submitted":
        factories.PaperCopyFactory(application=application)
        services.accept(application, w.users["staff"])
        expert = factories.ExpertProfileFactory(user=w.users["expert"])
        factories.AssignmentFactory(application=application, expert=expert)
    return {"pk": application.attachments.get(kind="site_photo").pk}


def versions_pair(w) -> dict:
    return {"pk": resubmitted_of_a(w).pk, "a": 1, "b": 2}


def missing_version(w) -> dict:
    return {"pk": submitted_of_a(w).pk, "a": 1, "b": 7}


def application_page(w) -> str:
    return f"/applications/{Application.objects.get(unit=w.unit_a).pk}/#attachments"


def detail_page(w) -> str:
    return f"/applications/{Application.objects.get(unit=w.unit_a).pk}/"


def staff_detail(w) -> str:
    return f"/applications/staff/{Application.objects.get(unit=w.unit_a).pk}/"


# Readers of an application's files: the unit, staff (and assigned experts, see the case).
READERS = answers(FORBIDDEN, anonymous=LOGIN, unit=OK, staff=OK, admin=OK)
# The unit's history (timeline, versions, check): the unit and staff, never experts.
HISTORY = READERS
MISSING = answers(NOT_FOUND, anonymous=LOGIN)
UNIT_ONLY = answers(FORBIDDEN, anonymous=LOGIN)


def unit_only(answer) -> dict:
    return {**UNIT_ONLY, "unit": answer}


def staff_redirect(target) -> dict:
    return staff_only(Redirect(target))


ENTRIES = [
    entry(
        "applications:attachment_download",
        get(READERS, kwargs=photo),
        get({**READERS, "expert": OK}, "assigned expert", kwargs=photo_for_assigned_expert),
        get(MISSING, "missing", kwargs=missing),
    ),
    entry(
        "applications:attachment_thumbnail",
        get(READERS, kwargs=real_photo),
        get(MISSING, "missing", kwargs=missing),
    ),
    entry(
        "applications:attachment_delete",
        get(everyone(NOT_ALLOWED), kwargs=photo),
        post(unit_only(Redirect(application_page)), kwargs=photo),
        post(unit_only(FORBIDDEN), "frozen", kwargs=frozen_photo),
        post(MISSING, "missing", kwargs=missing),
    ),
    entry(
        "applications:not_applied",
        get(staff_only(OK), kwargs=lambda w: {"year": 2020}),
        post(
            staff_redirect("/applications/staff/2020/not-applied/"),
            kwargs=lambda w: {"year": 2020},
            data=lambda w: {"unit": [str(w.unit_a.pk)]},
        ),
        get(staff_only(NOT_FOUND), "missing year", kwargs=lambda w: {"year": 1999}),
    ),
    entry(
        "applications:summary_xlsx",
        get(staff_only(OK), kwargs=lambda w: {"year": 2020}),
        get(staff_only(NOT_FOUND), "missing year", kwargs=lambda w: {"year": 1999}),
    ),
    entry(
        "applications:withdraw",
        get(everyone(NOT_ALLOWED), kwargs=submitted),
        post(unit_only(Redirect(detail_page)), kwargs=submitted),
        post(MISSING, "missing", kwargs=missing),
    ),
    entry(
        "applications:give_up",
        get(everyone(NOT_ALLOWED), kwargs=submitted),
        post(unit_only(Redirect(detail_page)), kwargs=submitted, data=lambda w: {"reason": "单位场地调整，无法实施"}),
        post(unit_only(Redirect(detail_page)), "no reason", kwargs=submitted),
    ),
    entry(
        "applications:delete",
        get(everyone(NOT_ALLOWED), kwargs=draft),
        post(unit_only(Redirect("/applications/mine/")), kwargs=draft),
        post(unit_only(Redirect(detail_page)), "submitted", kwargs=submitted),
    ),
    entry(
        "applications:paper_scan_upload",
        get(everyone(NOT_ALLOWED), kwargs=submitted),
        post(unit_only(Redirect(lambda w: detail_page(w) + "#paper-copy")), "no file", kwargs=submitted),
        post(MISSING, "missing", kwargs=missing),
    ),
    entry(
        "applications:attachment_upload",
        get(everyone(NOT_ALLOWED), kwargs=draft),
        post(unit_only(Redirect(application_page)), "no file", kwargs=draft),
        post(unit_only(FORBIDDEN), "frozen", kwargs=submitted),
    ),
    entry(
        "applications:check",
        get(HISTORY, kwargs=draft),
        post(unit_only(BAD_REQUEST), "after the deadline", kwargs=draft_after_the_deadline),
        post(unit_only(FORBIDDEN), "frozen", kwargs=submitted),
        get(MISSING, "missing", kwargs=missing),
    ),
    entry(
        "applications:detail",
        get(HISTORY, kwargs=submitted),
        get(MISSING, "missing", kwargs=missing),
    ),
    entry("applications:versions", get(HISTORY, kwargs=submitted)),
    entry(
        "applications:version",
        get(HISTORY, kwargs=lambda w: {"pk": submitted_of_a(w).pk, "number": 1}),
        get(
            {**MISSING, "other_unit": FORBIDDEN, "expert": FORBIDDEN},
            "missing version",
            kwargs=lambda w: {"pk": submitted_of_a(w).pk, "number": 9},
        ),
    ),
    entry(
        "applications:version_diff",
        get(HISTORY, kwargs=versions_pair),
        get({**MISSING, "other_unit": FORBIDDEN, "expert": FORBIDDEN}, "missing version", kwargs=missing_version),
    ),
    entry("applications:staff_list", get(staff_only(OK))),
    entry(
        "applications:staff_detail",
        get(staff_only(OK), kwargs=submitted),
        get(MISSING, "missing", kwargs=missing),
    ),
    entry(
        "applications:accept",
        get(everyone(NOT_ALLOWED), kwargs=submitted),
        post(staff_redirect(staff_detail), kwargs=submitted_with_paper),
    ),
    entry(
        "applications:return",
        post(staff_redirect(staff_detail), kwargs=submitted, data=lambda w: {"return-reason": "请补充设备照片"}),
        post(staff_only(BAD_REQUEST), "no reason", kwargs=submitted),
    ),
    entry(
        "applications:reject",
        post(staff_redirect(staff_detail), kwargs=submitted, data=lambda w: {"reject-reason": "不在申报范围内"}),
    ),
    entry(
        "applications:paper_copy",
        post(
            staff_redirect(staff_detail),
            kwargs=submitted,
            data=lambda w: {"paper-received_on": "2020-06-25", "paper-has_unit_seal": "on"},
        ),
    ),
    entry(
        "applications:extension",
        get(staff_only(OK)),
        post(
            staff_only(Redirect("/applications/staff/extensions/?call=2020")),
            data=lambda w: {
                "call": "2020",
                "extension-unit": str(w.unit_a.pk),
                "extension-until": "2999-01-01T10:00",
                "extension-reason": "盖章延误",
            },
        ),
    ),
]


def pending_request_of_a(w):
    from psyboost.applications.models import ExtensionRequest

    existing = ExtensionRequest.objects.filter(call=w.call, unit=w.unit_a, state="pending").first()
    return existing or ExtensionRequest.objects.create(
        call=w.call,
        unit=w.unit_a,
        asked_until=datetime(2999, 1, 1, tzinfo=factories.BEIJING),
        reason="公章年检",
        asked_by=w.users["unit"],
        asked_at=IN_TIME,
    )


ASK_PAGE = "/applications/2020/extension-request/"
ENTRIES += [
    # 延期申请: any unit user asks for its own unit (a request for a later time than the deadline, in the future).
    entry(
        "applications:ask_extension",
        get(answers(FORBIDDEN, anonymous=LOGIN, unit=OK, other_unit=OK), kwargs=lambda w: {"year": 2020}),
        post(
            answers(FORBIDDEN, anonymous=LOGIN, unit=Redirect(ASK_PAGE), other_unit=Redirect(ASK_PAGE)),
            kwargs=lambda w: {"year": 2020},
            data=lambda w: {"until": "2999-01-01T10:00", "reason": "公章年检"},
        ),
        post(
            answers(FORBIDDEN, anonymous=LOGIN, unit=BAD_REQUEST, other_unit=BAD_REQUEST),
            "no reason",
            kwargs=lambda w: {"year": 2020},
            data=lambda w: {"until": "2999-01-01T10:00"},
        ),
        get(
            answers(FORBIDDEN, anonymous=LOGIN, unit=NOT_FOUND, other_unit=NOT_FOUND),
            "no call",
            kwargs=lambda w: {"year": 1999},
        ),
    ),
    entry(
        "applications:decline_extension_request",
        get(everyone(NOT_ALLOWED), kwargs=lambda w: {"pk": pending_request_of_a(w).pk}),
        post(
            staff_only(Redirect("/applications/staff/extensions/?call=2020")),
            kwargs=lambda w: {"pk": pending_request_of_a(w).pk},
            data=lambda w: {"answer": "不符合延期条件"},
        ),
        post(staff_only(NOT_FOUND), "missing", kwargs=lambda w: {"pk": 999999}, data=lambda w: {"answer": "x"}),
    ),
]
# Another unit's application answers as a missing one (404), not 403.
ENTRIES = hidden_from_other_units(
    ENTRIES,
    besides=(
        "applications:staff_list",
        "applications:extension",
        "applications:ask_extension",
        "applications:decline_extension_request",
        "applications:not_applied",
        "applications:summary_xlsx",
    ),
)
