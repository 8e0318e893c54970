"""The unit's side after filling in: the pre-submit check (and submitting), the submitted application read-only with
its timeline and the return reason, the versions and what changed between two of them.

Reading needs ``applications.view_history`` (the unit, staff); submitting ``applications.submit_application`` (the
unit, while the application is a draft or returned: a frozen one answers 403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.core.permissions import permission_required

from .. import attachments, readonly, services
from ..checks import check_application
from ..choices import AttachmentKind
from ..errors import ApplicationError, SubmissionRefused
from ..getters import application_of
from ..models import PaperCopy, Transition, Version
from ..sections import SECTIONS
from ..versions import diff_versions
from ..workflow import State, allowed_moves


def anchor(field: str) -> str:
    """The element a problem's link points at on the section page: the attachment field, or the form field."""
    if field in AttachmentKind.values:
        return f"attachments-{field}"
    return f"id_{field}"


def report(application, problems) -> list[dict]:
    """Problems grouped by section, in the form's order; each with the anchor of its field."""
    grouped = []
    for section in SECTIONS:
        found = [p for p in problems if p.section == section.key]
        grouped.append(
            {
                "key": section.key,
                "title": section.title_for(application.call),
                "errors": [{"problem": p, "anchor": anchor(p.field)} for p in found if p.is_error],
                "warnings": [{"problem": p, "anchor": anchor(p.field)} for p in found if not p.is_error],
            }
        )
    return grouped


def _check_context(application, user, refusal: str = "") -> dict:
    problems = check_application(application)
    blockers = services.submission_blockers(application) if application.is_editable else []
    error_count = sum(1 for p in problems if p.is_error)
    return {
        "application": application,
        "sections": report(application, problems),
        "error_count": error_count,
        "warning_count": len(problems) - error_count,
        "blockers": blockers,
        "deadline": services.effective_deadline(application.call, application.unit),
        "can_submit": user.has_perm("applications.submit_application", application),
        "refusal": refusal,
    }


@permission_required("applications.view_history", fn=application_of)
def check(request, pk):
    application = request.application
    if request.method == "POST":
        if not request.user.has_perm("applications.submit_application", application):
            raise PermissionDenied
        try:
            services.submit(application, request.user)
        except SubmissionRefused as refusal:
            context = _check_context(application, request.user, refusal.message)
            return render(request, "applications/submission/check.html", context, status=400)
        except ApplicationError as refusal:
            messages.error(request, refusal.message)
            return redirect("applications:detail", application.pk)
        application.refresh_from_db()
        messages.success(
            request,
            _("申报已提交，编号 %(number)s。提交后内容不能再修改；如需修改，请联系市总工会工作人员退回。")
            % {"number": application.display_number},
        )
        return redirect("applications:detail", application.pk)
    return render(request, "applications/submission/check.html", _check_context(application, request.user))


def timeline(application) -> list[Transition]:
    return list(Transition.objects.filter(application=application).select_related("actor").order_by("at", "id"))


def return_reason(steps: list[Transition]) -> str:
    """The reason of the last return, while the application is returned (the unit is asked to act on it)."""
    for step in reversed(steps):
        if step.to_state == State.RETURNED:
            return step.reason
    return ""


@permission_required("applications.view_history", fn=application_of)
def detail(request, pk):
    application = request.application
    steps = timeline(application)
    context = {
        "application": application,
        "steps": steps,
        "return_reason": return_reason(steps) if application.state == State.RETURNED else "",
        "versions": list(Version.objects.filter(application=application).only("id", "number", "created_at")),
        "deadline": services.effective_deadline(application.call, application.unit),
        "now": timezone.now(),
        "closed_reasons": services.why_not_open(application.call, application.unit) if application.is_editable else [],
        "unit_moves": [move.target for move in allowed_moves(application, request.user)],
        "can_change_mind": request.user.has_perm("applications.withdraw_application", application),
        "paper_copy": PaperCopy.objects.filter(application=application).first(),
        "paper_scans": attachments.paper_scans(application),
        "can_upload_paper_scan": attachments.can_upload_paper_scan(request.user, str(application.pk)),
        **readonly.context(application, request.user),
    }
    response = render(request, "applications/submission/detail.html", context)
    return response


@permission_required("applications.view_history", fn=application_of)
def versions(request, pk):
    application = request.application
    kept = list(Version.objects.filter(application=application).select_related("actor").order_by("number"))
    context = {"application": application, "versions": kept}
    return render(request, "applications/submission/versions.html", context)


@permission_required("applications.view_history", fn=application_of)
def version(request, pk, number):
    """One submitted version exactly as it was handed in, read-only."""
    application = request.application
    kept = get_object_or_404(Version.objects.select_related("actor"), application=application, number=number)
    context = {"application": application, "version": kept, **readonly.version_context(application, kept, request.user)}
    return render(request, "applications/submission/version.html", context)


@permission_required("applications.view_history", fn=application_of)
def version_diff(request, pk, a, b):
    application = request.application
    older = get_object_or_404(Version, application=application, number=a)
    newer = get_object_or_404(Version, application=application, number=b)
    context = {"application": application, "older": older, "newer": newer, "changes": diff_versions(older, newer)}
    return render(request, "applications/submission/version_diff.html", context)
