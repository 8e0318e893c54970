"""What the project pages share: finding the project for the permission check, the detail page's context, and
re-drawing a page with the refusal's messages by their fields and the input kept."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from .. import files
from ..models import ChangeRequest, Expense, FileKind, Project, Provider, ServiceType
from ..services import evaluation, plan
from ..services.activities import activity_totals
from ..services.common import project_settings_of, today
from ..services.spending import accounts_of
from ..workflow import Stage, allowed_moves


def project_of(request, pk, **_kwargs):
    if not request.user.is_authenticated:
        return None
    project = get_object_or_404(Project.objects.select_related("call", "unit", "application", "grant"), pk=pk)
    request.project = project
    return project


def detail_context(request, project: Project, errors=None, posted=None) -> dict:
    user = request.user
    day = today()
    milestones = list(project.milestones.order_by("position"))
    activities = list(project.activities.prefetch_related("files").select_related("provider"))
    versions = list(project.plan_versions.order_by("number"))
    context_files = list(project.files.filter(activity__isnull=True))
    context = {
        "project": project,
        "grant": project.grant,
        "show_account": user.has_perm("projects.view_account", project),
        "can_change": user.has_perm("projects.change_project", project),
        "is_staff": user.has_perm("projects.manage_projects"),
        "milestones": [(m, dict(m.Status.choices)[m.status_on(day)], m.status_on(day)) for m in milestones],
        "accounts": accounts_of(project),
        "expenses": list(project.expenses.select_related("line")),
        "lines": list(project.budget_lines.filter(withdrawn=False).order_by("position")),
        "activities": activities,
        "totals": activity_totals(activities),
        "changes": list(project.change_requests.order_by("-requested_at")),
        "versions": versions,
        "comparison": plan.compare(versions[-2], versions[-1]) if len(versions) > 1 else [],
        "timeline": list(project.stage_changes.select_related("actor")),
        "moves": allowed_moves(project, user),
        "closing": getattr(project, "closing_report", None),
        "midterm": getattr(project, "midterm", None),
        "midterm_due": project_settings_of(project.call).midterm_due_on,
        "files": context_files,
        "providers": list(Provider.objects.filter(active=True)),
        "service_types": ServiceType.choices,
        "sources": Expense.Source.choices,
        "change_kinds": ChangeRequest.Kind.choices,
        "Stage": Stage,
        "errors": errors or {},
        "general_error": (errors or {}).get("__all__", ""),
        "posted": posted or {},
        "kept_uploads": _kept_uploads(project, posted),
        "closing_files": {
            field: [item for item in context_files if item.kind == kind]
            for field, kind in (
                ("closing_form", FileKind.CLOSING_FORM),
                ("photos", FileKind.CLOSING_PHOTO),
                ("videos", FileKind.CLOSING_VIDEO),
            )
        },
    }
    if project.stage in (Stage.EVALUATION, Stage.CLOSED, Stage.RECTIFICATION) and context["is_staff"]:
        context["evaluation"] = evaluation.result_of(project)
    return context


UPLOAD_FIELDS = (
    ("receipt", FileKind.RECEIPT_SCAN),
    ("invoice", FileKind.INVOICE_SCAN),
    ("photos", FileKind.ACTIVITY_PHOTO),
    ("videos", FileKind.ACTIVITY_VIDEO),
    ("sign_in", FileKind.SIGN_IN_SHEET),
)


def _kept_uploads(project, posted) -> dict:
    """Files sent ahead (resumable upload) that a refused form named: shown again so that nothing is lost."""
    if not hasattr(posted, "getlist"):
        return {}
    return {field: files.uploaded(project, kind, posted.getlist(f"{field}_uploaded")) for field, kind in UPLOAD_FIELDS}


def show_refusal(request, project, refusal, template="projects/detail.html"):
    messages.error(request, refusal.message)
    return render(request, template, detail_context(request, project, refusal.errors, request.POST), status=200)


def back(project, anchor=""):
    response = redirect("projects:detail", project.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
