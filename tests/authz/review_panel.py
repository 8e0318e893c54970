"""Entries for the panel side of ``review:*``: the staff home of a call's review, panel and experts, rubric,
settings and phases, conflicts, assignment; and the expert's own conflict declarations.

Staff and administrators run all of it; units get 403. An expert gets 403 everywhere except ``my_conflicts`` of a
call whose panel they sit on (403 when they do not). A missing year answers 404 to staff only: permissions are
checked first, so nobody else learns which years exist.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from psyboost.applications.models import Application
from psyboost.review.models import Criterion, Expert, PanelMember
from tests import factories
from tests.calls.sheets import xlsx_bytes

from .framework import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Redirect,
    answers,
    entry,
    get,
    post,
    redirect,
    staff_only,
)
from .world import XLSX


@dataclass(frozen=True)
class RedirectStartingWith:
    """302 to an address beginning with ``prefix`` (a function of the world): for a token made in the request."""

    prefix: object
    denied: bool = False

    def problem(self, response, world, url: str) -> str | None:
        expected = self.prefix(world)
        if response.status_code != 302 or not response.get("Location", "").startswith(expected):
            return f"expected 302 to {expected}…, got {response.status_code} {response.get('Location', '')}"
        return None

    def __str__(self) -> str:
        return "302…"


def year(w) -> dict:
    return {"year": w.call.year}


def missing_year(w) -> dict:
    return {"year": 1999}


def ready_to_open(w) -> dict:
    """A rubric and a panel, so that the materials stage may open. (Builders may run twice on one world.)"""
    if not Criterion.objects.filter(call=w.call).exists():
        factories.CriterionFactory(call=w.call, name="场地与设施", max_points=Decimal("15"))
        factories.PanelMemberFactory(call=w.call)
    return year(w)


def expert_on_panel(w) -> dict:
    """The role ``expert`` sits on the panel; unit A has an accepted application."""
    expert = Expert.objects.filter(user=w.users["expert"]).first() or factories.ExpertProfileFactory(
        user=w.users["expert"]
    )
    if not PanelMember.objects.filter(call=w.call, expert=expert).exists():
        factories.PanelMemberFactory(call=w.call, expert=expert)
    if not Application.objects.filter(call=w.call, unit=w.unit_a).exists():
        factories.AcceptedApplicationFactory(call=w.call, unit=w.unit_a)
    return year(w)


def with_applications(w) -> dict:
    expert_on_panel(w)
    if not Application.objects.filter(call=w.call, unit=w.unit_b).exists():
        factories.PanelMemberFactory(call=w.call)
        factories.AcceptedApplicationFactory(call=w.call, unit=w.unit_b)
    return year(w)


def token(w) -> dict:
    return {"year": w.call.year, "token": "0123456789abcdef"}


def missing_token(w) -> dict:
    return {"year": 1999, "token": "0123456789abcdef"}


def expert_sheet():
    data = xlsx_bytes(
        [["王芳", "北京大学心理学系", "教授", "团体辅导、EAP", "海淀区"]],
        header=["姓名", "工作单位", "职称", "专业领域", "所在区"],
    )
    return SimpleUploadedFile("专家.xlsx", data, content_type=XLSX)


def settings_form(w) -> dict:
    return {
        "reviewers_per_application": 3,
        "shortlist_size": 60,
        "method": "trimmed_mean",
        "materials_weight": "0.6",
        "onsite_weight": "0.4",
    }


def expert_form(w) -> dict:
    return {"kind": "expert", "name": "李明", "organisation": "首都师范大学", "add_to_panel": "on"}


def with_query(url_name: str, query: str):
    return Redirect(lambda w: f"{reverse(url_name, args=[w.call.year])}?{query}")


MISSING = staff_only(NOT_FOUND)
EXPERT_ONLY_OK = answers(FORBIDDEN, anonymous=LOGIN, expert=OK)

ENTRIES = [
    entry(
        "review:staff_home",
        get(staff_only(OK), kwargs=year),
        get(MISSING, "missing year", kwargs=missing_year),
    ),
    entry(
        "review:settings",
        get(staff_only(OK), kwargs=year),
        get(MISSING, "missing year", kwargs=missing_year),
        post(staff_only(redirect("review:settings", 2020)), kwargs=year, data=settings_form),
        post(staff_only(OK), "invalid", kwargs=year, data=lambda w: {**settings_form(w), "onsite_weight": "x"}),
    ),
    entry(
        "review:phase",
        get(staff_only(NOT_ALLOWED), kwargs=year),
        post(
            staff_only(redirect("review:staff_home", 2020)),
            "open materials",
            kwargs=ready_to_open,
            data=lambda w: {"to_phase": "materials"},
        ),
        post(
            staff_only(redirect("review:staff_home", 2020)),
            "refused",
            kwargs=year,
            data=lambda w: {"to_phase": "decided"},
        ),
        post(MISSING, "missing year", kwargs=missing_year, data=lambda w: {"to_phase": "materials"}),
    ),
    entry(
        "review:panel",
        get(staff_only(OK), kwargs=year),
        get(MISSING, "missing year", kwargs=missing_year),
        post(
            staff_only(redirect("review:panel", 2020)),
            "add",
            kwargs=year,
            data=lambda w: {"action": "add", "expert": factories.ExpertProfileFactory().pk},
        ),
    ),
    entry(
        "review:expert_create",
        get(staff_only(OK), kwargs=year),
        get(MISSING, "missing year", kwargs=missing_year),
        post(staff_only(OK), "credentials page", kwargs=year, data=expert_form),
    ),
    entry(
        "review:expert_import",
        get(staff_only(OK), kwargs=year),
        get(MISSING, "missing year", kwargs=missing_year),
        post(
            staff_only(RedirectStartingWith(lambda w: reverse("review:expert_import", args=[w.call.year]))),
            "good sheet",
            kwargs=year,
            data=lambda w: {"file": expert_sheet(), "add_to_panel": "on"},
        ),
    ),
    entry(
        "review:expert_import_preview",
        get(staff_only(redirect("review:expert_import", 2020)), "unknown token", kwargs=token),
        get(MISSING, "missing year", kwargs=missing_token),
    ),
    entry(
        "review:expert_import_confirm",
        get(staff_only(NOT_ALLOWED), kwargs=token),
        post(staff_only(redirect("review:expert_import", 2020)), "unknown token", kwargs=token),
    ),
    entry(
        "review:rubric",
        get(staff_only(OK), kwargs=year),
        get(MISSING, "missing year", kwargs=missing_year),
        post(
            staff_only(with_query("review:rubric", "stage=materials")),
            "default",
            kwargs=year,
            data=lambda w: {"action": "default", "stage": "materials"},
        ),
    ),
    entry(
        "review:conflicts",
        get(staff_only(OK), kwargs=with_applications),
        get(MISSING, "missing year", kwargs=missing_year),
        post(
            staff_only(redirect("review:conflicts", 2020)),
            "detect",
            kwargs=with_applications,
            data=lambda w: {"action": "detect"},
        ),
    ),
    entry(
        "review:my_conflicts",
        get(EXPERT_ONLY_OK, "expert on the panel", kwargs=expert_on_panel),
        get(answers(FORBIDDEN, anonymous=LOGIN), "expert not on the panel", kwargs=year),
        post(
            answers(FORBIDDEN, anonymous=LOGIN, expert=redirect("review:my_conflicts", 2020)),
            "declare",
            kwargs=expert_on_panel,
            data=lambda w: {"unit": w.unit_a.pk, "kind": "collaboration", "note": "合作"},
        ),
        get(
            answers(FORBIDDEN, anonymous=LOGIN, expert=NOT_FOUND),
            "missing year",
            kwargs=lambda w: (expert_on_panel(w), missing_year(w))[1],
        ),
    ),
    entry(
        "review:assignments",
        get(staff_only(OK), kwargs=with_applications),
        get(staff_only(OK), "onsite", kwargs=with_applications, query="stage=onsite"),
        get(MISSING, "missing year", kwargs=missing_year),
        post(
            staff_only(with_query("review:assignments", "stage=materials")),
            "automatic",
            kwargs=with_applications,
            data=lambda w: {"action": "auto", "stage": "materials"},
        ),
    ),
]
