"""Entries for ``calls:*``: the public notice, and the staff pages for calls and the unit registry."""

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode

from psyboost.calls.models import UnitImport

from .framework import NOT_ALLOWED, NOT_FOUND, OK, Redirect, entry, everyone, get, post, redirect, staff_only
from .world import registry_upload


def year(w) -> dict:
    return {"year": w.call.year}


def missing_year(w) -> dict:
    return {"year": 1999}


def pending(w) -> dict:
    return {"pk": w.pending_import.pk}


def applied(w) -> dict:
    return {"pk": w.applied_import.pk}


def missing_import(w) -> dict:
    return {"pk": 999999}


def call_form(year_value: int) -> dict:
    return {
        "year": year_value,
        "name": f"{year_value}年职工心理服务助推项目",
        "edition": "2020版",
        "opens_at": f"{year_value}-06-01T09:00",
        "deadline": f"{year_value}-07-20T23:59",
        "quota": 40,
        "grant_amount": "20000.00",
        "announcement_days": 5,
        "named_year_from": 2015,
        "named_year_to": 2019,
        "implementation_start": date(year_value, 8, 1).isoformat(),
        "implementation_end": date(year_value, 12, 31).isoformat(),
        "contact_people": "李文华",
        "contact_phones": "83570324",
        "contact_email": "zgxlfwzt@163.com",
        "contact_address": "北京市西城区虎坊路13号",
        "contact_postcode": "100052",
    }


def newest_import_preview(w) -> str:
    return reverse("calls:unit_import_preview", args=[UnitImport.objects.latest("pk").pk])


ENTRIES = [
    entry(
        "calls:notice",
        get(everyone(OK), kwargs=year),
        get(everyone(NOT_FOUND), "missing year", kwargs=missing_year),
    ),
    entry("calls:staff_list", get(staff_only(OK))),
    entry(
        "calls:create",
        get(staff_only(OK)),
        post(staff_only(redirect("calls:staff_detail", 2021)), data=lambda w: call_form(2021)),
    ),
    entry(
        "calls:staff_detail",
        get(staff_only(OK), kwargs=year),
        get(staff_only(NOT_FOUND), "missing year", kwargs=missing_year),
    ),
    entry(
        "calls:edit",
        get(staff_only(OK), kwargs=year),
        get(staff_only(NOT_FOUND), "missing year", kwargs=missing_year),
        post(staff_only(redirect("calls:staff_detail", 2020)), kwargs=year, data=lambda w: call_form(2020)),
    ),
    entry(
        "calls:copy",
        get(staff_only(OK), kwargs=year),
        get(staff_only(NOT_FOUND), "missing year", kwargs=missing_year),
        post(staff_only(redirect("calls:edit", 2021)), kwargs=year, data=lambda w: {"year": 2021}),
    ),
    entry(
        "calls:unit_list",
        get(staff_only(OK)),
        get(staff_only(OK), "filtered", query=urlencode({"district_union": "海淀区", "q": "乙"})),
    ),
    entry(
        "calls:unit_import",
        get(staff_only(OK)),
        post(staff_only(Redirect(newest_import_preview)), data=lambda w: {"file": registry_upload()}),
    ),
    entry("calls:unit_import_template", get(staff_only(OK))),
    entry(
        "calls:unit_edit",
        get(staff_only(OK), kwargs=lambda w: {"pk": w.unit_a.pk}),
        post(
            staff_only(Redirect(lambda w: f"/staff/units/{w.unit_a.pk}/")),
            kwargs=lambda w: {"pk": w.unit_a.pk},
            data=lambda w: {"action": "deactivate", "reason": "单位已注销"},
        ),
        get(staff_only(NOT_FOUND), "missing", kwargs=lambda w: {"pk": 999999}),
    ),
    entry(
        "calls:unit_import_preview",
        get(staff_only(OK), "pending", kwargs=pending),
        get(staff_only(OK), "applied", kwargs=applied),
        get(staff_only(NOT_FOUND), "missing", kwargs=missing_import),
    ),
    entry(
        "calls:unit_import_confirm",
        get(staff_only(NOT_ALLOWED), "pending", kwargs=pending),
        post(staff_only(redirect("calls:unit_list")), "pending", kwargs=pending),
        post(
            staff_only(redirect("calls:unit_import_preview", lambda w: w.applied_import.pk)), "applied", kwargs=applied
        ),
        post(staff_only(NOT_FOUND), "missing", kwargs=missing_import),
    ),
    entry(
        "calls:unit_import_cancel",
        get(staff_only(NOT_ALLOWED), "pending", kwargs=pending),
        post(staff_only(redirect("calls:unit_import")), "pending", kwargs=pending),
        post(
            staff_only(redirect("calls:unit_import_preview", lambda w: w.applied_import.pk)), "applied", kwargs=applied
        ),
        post(staff_only(NOT_FOUND), "missing", kwargs=missing_import),
    ),
]
