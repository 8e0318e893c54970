"""The unit's pages: its projects of all years, and the actions on its own project (account and commitment,
receipt, expenses, activities with files, milestones, change requests, closing materials). Plain forms: they work
with JavaScript off; a refusal re-draws the page with the messages by the fields and the input kept."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.core.permissions import permission_required
from psyboost.uploads.downloads import serve_file
from psyboost.uploads.errors import UploadRefused
from psyboost.uploads.services import store_uploaded_file

from .. import files
from ..models import FileKind, Milestone, Project, ProjectFile, ResourceRequest
from ..services import activities, closing, grant, matching, plan, spending
from ..services.common import ProjectRefused
from .common import back, detail_context, project_of, show_refusal


@permission_required("projects.view_mine")
def mine(request):
    projects = (
        Project.objects.filter(unit_id=request.user.unit_id).select_related("call", "grant").order_by("-call__year")
    )
    return render(request, "projects/mine.html", {"projects": projects})


@permission_required("projects.view_project", fn=project_of)
def detail(request, pk):
    return render(request, "projects/detail.html", detail_context(request, request.project))


def _store(request, project, field: str, kind: str, activity=None):
    """The file of ``field``: sent with the form (no JavaScript), else one sent before by the resumable upload."""
    upload = request.FILES.get(field)
    if upload is None:
        found = files.uploaded(project, kind, request.POST.getlist(f"{field}_uploaded"))
        return found[-1] if found else None
    try:
        return store_uploaded_file(upload, request.user, files.PURPOSE, kind, files.target(project, activity))
    except UploadRefused as refusal:
        raise ProjectRefused(str(refusal), {field: str(refusal)}) from refusal


@require_POST
@permission_required("projects.change_project", fn=project_of)
def account(request, pk):
    project = request.project
    try:
        with transaction.atomic():
            grant.confirm_account(
                project,
                request.user,
                account_name=request.POST.get("account_name"),
                bank=request.POST.get("bank"),
                account_number=request.POST.get("account_number"),
            )
            grant.sign_commitment(project, request.user, agreed=request.POST.get("agreed") == "on")
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    messages.success(request, _("收款账户已确认，资金使用承诺已签署。"))
    return back(project, "grant")


@require_POST
@permission_required("projects.change_project", fn=project_of)
def receipt(request, pk):
    project = request.project
    try:
        with transaction.atomic():
            grant.refuse_a_second_receipt(project.grant)
            scan = _store(request, project, "receipt", FileKind.RECEIPT_SCAN)
            grant.confirm_receipt(project, request.user, received_on=request.POST.get("received_on"), receipt=scan)
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    messages.success(request, _("已确认到账。"))
    return back(project, "grant")


@require_POST
@permission_required("projects.change_project", fn=project_of)
def expense(request, pk):
    project, data = request.project, request.POST
    try:
        with transaction.atomic():
            scan = _store(request, project, "invoice", FileKind.INVOICE_SCAN)
            recorded = spending.record_expense(
                project,
                request.user,
                line_id=data.get("line"),
                spent_on=data.get("spent_on"),
                item=data.get("item"),
                amount=data.get("amount"),
                source=data.get("source"),
                payee=data.get("payee"),
                invoice_number=data.get("invoice_number"),
                invoice=scan,
            )
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    for warning in recorded.warnings:
        messages.warning(request, warning)
    messages.success(request, _("支出已登记。"))
    return back(project, "spending")


@require_POST
@permission_required("projects.change_project", fn=project_of)
def activity(request, pk):
    project, data = request.project, request.POST
    try:
        with transaction.atomic():
            recorded = activities.record_activity(
                project,
                request.user,
                held_on=data.get("held_on"),
                kind=data.get("kind"),
                title=data.get("title"),
                participants=data.get("participants"),
                target_group=data.get("target_group"),
                place=data.get("place"),
                provider_id=data.get("provider"),
                summary=data.get("summary"),
            )
            for field, kind in (
                ("photos", FileKind.ACTIVITY_PHOTO),
                ("videos", FileKind.ACTIVITY_VIDEO),
                ("sign_in", FileKind.SIGN_IN_SHEET),
            ):
                sent = files.uploaded(project, kind, data.getlist(f"{field}_uploaded"))
                activities.attach_files(recorded, request.user, sent)
                for upload in request.FILES.getlist(field):
                    try:
                        store_uploaded_file(upload, request.user, files.PURPOSE, kind, files.target(project, recorded))
                    except UploadRefused as refusal:
                        raise ProjectRefused(str(refusal), {field: f"{upload.name}：{refusal}"}) from refusal
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    messages.success(request, _("活动记录已保存。"))
    return back(project, "activities")


@require_POST
@permission_required("projects.change_project", fn=project_of)
def milestone(request, pk, milestone_pk):
    project = request.project
    item = get_object_or_404(Milestone, pk=milestone_pk, project=project)
    try:
        plan.mark_milestone(
            item, request.user, started_on=request.POST.get("started_on"), done_on=request.POST.get("done_on")
        )
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    return back(project, "milestones")


@require_POST
@permission_required("projects.change_project", fn=project_of)
def change(request, pk):
    project, data = request.project, request.POST
    kind = data.get("kind")
    if kind == "schedule":
        rows = [
            {"period": p, "content": c, "due_on": d}
            for p, c, d in zip(data.getlist("period"), data.getlist("content"), data.getlist("due_on"), strict=False)
        ]
    else:
        rows = [
            {"item": i, "approved": a, "notes": n}
            for i, a, n in zip(data.getlist("item"), data.getlist("approved"), data.getlist("notes"), strict=False)
        ]
    try:
        plan.request_change(
            project, request.user, kind=kind, reason=data.get("reason"), rows=rows, content=data.get("new_content")
        )
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    messages.success(request, _("变更申请已提交，等待市总工会审核。"))
    return back(project, "changes")


@permission_required("projects.change_project", fn=project_of)
def closing_materials(request, pk):
    project = request.project
    if request.method != "POST":
        return render(
            request,
            "projects/closing.html",
            {**detail_context(request, project), "open_milestones": closing.open_milestones(project)},
        )
    data = request.POST
    try:
        with transaction.atomic():
            for field, kind in (
                ("closing_form", FileKind.CLOSING_FORM),
                ("photos", FileKind.CLOSING_PHOTO),
                ("videos", FileKind.CLOSING_VIDEO),
            ):
                for upload in request.FILES.getlist(field):
                    try:
                        store_uploaded_file(upload, request.user, files.PURPOSE, kind, files.target(project))
                    except UploadRefused as refusal:
                        raise ProjectRefused(str(refusal), {field: f"{upload.name}：{refusal}"}) from refusal
            report = closing.submit_closing(
                project,
                request.user,
                goals=data.get("goals"),
                effects=data.get("effects"),
                problems=data.get("problems"),
            )
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
        context = {
            **detail_context(request, project, refusal.errors, data),
            "open_milestones": closing.open_milestones(project),
        }
        return render(request, "projects/closing.html", context)
    for warning in report.warnings:
        messages.warning(request, warning)
    messages.success(request, _("结项材料已提交，等待市总工会审核。"))
    return back(project)


def file_of(request, pk):
    if not request.user.is_authenticated:
        return None
    item = get_object_or_404(ProjectFile.objects.select_related("project"), pk=pk)
    request.project_file = item
    return item.project


@permission_required("projects.view_project", fn=file_of)
def download(request, pk):
    item = request.project_file
    if item.kind == FileKind.RECEIPT_SCAN and not request.user.has_perm("projects.view_account", item.project):
        return render(request, "errors/403.html", status=403)
    return serve_file(request, item.file.name, item.original_name, item.content_type, request.GET.get("inline") == "1")


@permission_required("projects.view_mine")
def my_requests(request):
    unit = request.user.unit
    if request.method == "POST":
        try:
            matching.file_request(
                unit,
                request.user,
                kind=request.POST.get("kind"),
                need=request.POST.get("need"),
                preferred_time=request.POST.get("preferred_time"),
            )
        except ProjectRefused as refusal:
            messages.error(request, refusal.message)
            return render(request, "projects/my_requests.html", _requests_context(unit, refusal.errors, request.POST))
        messages.success(request, _("需求已提交，市总工会将尽快为您对接。"))
        return redirect("projects:my_requests")
    return render(request, "projects/my_requests.html", _requests_context(unit))


def _requests_context(unit, errors=None, posted=None):
    requests = (
        ResourceRequest.objects.filter(unit=unit).select_related("provider", "expert").prefetch_related("consultations")
    )
    return {"requests": requests, "kinds": ResourceRequest.Kind.choices, "errors": errors or {}, "posted": posted or {}}


@require_POST
@permission_required("projects.view_mine")
def rate(request, pk):
    item = get_object_or_404(ResourceRequest, pk=pk, unit_id=request.user.unit_id)
    try:
        matching.rate(item, request.user, rating=request.POST.get("rating"), comment=request.POST.get("comment"))
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("感谢您的评价。"))
    return redirect("projects:my_requests")


@require_POST
@permission_required("projects.change_project", fn=project_of)
def midterm(request, pk):
    project = request.project
    try:
        activities.submit_midterm(
            project, request.user, progress=request.POST.get("progress"), problems=request.POST.get("problems")
        )
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    messages.success(request, _("中期报告已提交。"))
    return back(project, "midterm")
