"""The unit's form: one page per section (plain POST, works without JavaScript) and the autosave (JSON).

Who: the unit's own users, while the application is a draft or returned (``applications.change_application``).
Staff and the unit of a submitted application are sent to the read-only page; anyone else signed in gets 403 (a
missing application 404); signed-out visitors go to the login page.

A save names the version the page was loaded at. When another save landed in between, nothing is stored: the page
shows what the other save changed beside what this user typed, keeps the input, and takes the newer version, so the
next save is a deliberate one.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from psyboost.core.permissions import permission_required

from .. import services
from ..checks import section_status
from ..errors import NotEditable, StaleDraft
from ..forms import SectionEdit, apply_row_action, normalized, section_or_none
from ..getters import application_of
from ..models import Transition
from ..workflow import State
from .form_context import problems_of, saved_rows, section_context, section_messages, stale_changes

MAX_JSON_BYTES = 2 * 1024 * 1024


def _version(data, application) -> int:
    try:
        return int(str(data.get("version", "")).strip())
    except ValueError:
        return 0  # an address typed by hand: any save is refused as stale, with the differences


def _save(edit, application, version, user, base=None):
    """Store the valid part of ``edit``; the fields and tables with a message stay as they were saved."""
    return services.save_draft(
        application, edit.changes(), edit.table_rows(), expected_version=version, actor=user, base=base
    )


def _stored(section, application) -> dict:
    """The section's inputs as stored now, for the script's base values."""
    return SectionEdit(section, application, saved_rows(application)).inputs()


def _return_reason(application) -> str:
    """The reason of the last return, shown on every form page while the unit revises (no query otherwise)."""
    if application.state != State.RETURNED:
        return ""
    step = Transition.objects.filter(application=application, to_state=State.RETURNED).order_by("-at", "-id").first()
    return step.reason if step else ""


def _render(request, application, context, status=200):
    context["return_reason"] = _return_reason(application)
    edit = context["edit"]  # what is stored: the script's first base (a re-rendered POST shows what was typed)
    context["stored_inputs"] = _stored(edit.section, application) if edit.bound else edit.inputs()
    return render(request, "applications/form/section.html", context, status=status)


@never_cache  # no-store: after submission, the back button asks again and lands on the read-only page
@permission_required("applications.view_history", fn=application_of)
def section(request, pk, section):
    application = request.application
    current = section_or_none(section)
    if current is None:
        raise Http404
    if not request.user.has_perm("applications.change_application", application):
        return redirect("applications:detail", application.pk)
    closed = services.why_not_open(application.call, application.unit)
    if closed:  # the detail page says why; a POST's input is refused the same way by save_draft
        messages.error(request, closed[0])
        return redirect("applications:detail", application.pk)
    if request.method != "POST":
        rows = saved_rows(application)
        edit = SectionEdit(current, application, rows)
        return _render(request, application, section_context(edit, problems_of(application, rows)))

    data = normalized(request.POST)
    action = data.get("row_action", "")
    data, extra_row = apply_row_action(data, action)
    edit = SectionEdit(current, application, {}, data, extra_row=extra_row)
    version = _version(data, application)
    stale = None
    try:
        application = _save(edit, application, version, request.user)
    except StaleDraft as refused:
        stale = refused
        application.refresh_from_db()
    except NotEditable as refused:
        raise PermissionDenied(refused.message) from refused
    except ValidationError as refused:  # the parsers let nothing through that the model refuses; kept as a guard
        edit.fields.add_error(None, "；".join(refused.messages))
    if stale is None and not edit.has_errors and not extra_row:
        messages.success(request, _("已保存。"))
        going = section_or_none(str(data.get("go") or ""))  # 上一部分 / 下一部分: saved, then there
        if going is not None:
            return redirect("applications:section", application.pk, going.key)
        target = redirect("applications:section", application.pk, current.key)
        kind = (action or "").partition(":")[2].partition(":")[0]
        if kind in current.rows:
            target["Location"] += f"#table-{kind}"
        return target
    context = section_context(edit, problems_of(application), stale=stale, stale_data=data)
    status = 409 if stale else (400 if edit.has_errors else 200)
    return _render(request, application, context, status=status)


def _payload(request) -> dict | None:
    """The autosave's JSON body, or the same as a form post (htmx, or a script-less client): section, version and
    the inputs beside them."""
    if request.content_type != "application/json":
        data = normalized(request.POST)
        return {"section": data.pop("section", ""), "version": data.pop("version", ""), "data": data}
    if len(request.body) > MAX_JSON_BYTES:
        return None
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) and isinstance(payload.get("data"), dict) else None


@require_POST
@permission_required("applications.change_application", fn=application_of)
def autosave(request, pk):
    """JSON in: ``{"section": "basic", "version": 3, "data": {name: value, "psych_workers-0-name": …}}`` — the
    section's inputs as the page names them (no field-count limit: the body is JSON). With ``"base": {name: value}``
    the data holds only the inputs this tab changed (a table whole, named in ``tables``) and base the values it
    started from: only those are written, refused only where another save changed the same field or table.
    JSON out: the new version and
    time, every message of the section by input name (``errors``: what could not be read as typed and the checks of
    what is stored, exactly what a reload would show), the inputs that could not be read (``invalid``), each section's
    status, and the inputs as now stored (``stored``, the tab's next base); 409 with the differences when another save
    landed."""
    application = request.application
    payload = _payload(request)
    current = section_or_none(str(payload.get("section", ""))) if payload else None
    if current is None:
        return JsonResponse({"error": _("无法识别提交的内容，请刷新页面后重试。")}, status=400)
    data = normalized(payload["data"])
    data.pop("csrfmiddlewaretoken", None)
    base = None
    if isinstance(payload.get("base"), dict):  # only the inputs this tab changed, with the values it started from
        edit = SectionEdit(current, application, {}, data, partial=True)
        start = SectionEdit(current, application, {}, normalized(payload["base"]), partial=True)
        base = {**start.changes(), **start.table_rows()}
    else:
        edit = SectionEdit(current, application, {}, data)
    try:
        application = _save(edit, application, _version(payload, application), request.user, base)
    except StaleDraft as refused:
        application.refresh_from_db()
        return JsonResponse(
            {
                "stale": True,
                "message": refused.message,
                "version": refused.current_version,
                "changes": stale_changes(refused, application, data),
                "fields": refused.fields,
                "stored": _stored(current, application),
            },
            status=409,
        )
    except NotEditable as refused:
        return JsonResponse({"error": refused.message}, status=409)
    saved_at = timezone.localtime(application.updated_at)
    problems = problems_of(application)
    return JsonResponse(
        {
            "version": application.version,
            "saved_at": f"{saved_at:%H:%M}",
            "errors": section_messages(edit, problems),
            "invalid": sorted(edit.error_messages()),
            "status": section_status(problems),
            "stored": _stored(current, application),
        }
    )
