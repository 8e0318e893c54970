"""Staff pages: the calls' projects with figures, filters, counts and charts, the Excel export, payments in
batches with the 拨付明细 sheet, change decisions, closing checks, evaluation assignment and grades, termination,
resource requests and providers."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.calls.models import Call
from psyboost.core.permissions import permission_required
from psyboost.review.models import Expert

from .. import exports, notices, workbook
from ..models import ChangeRequest, PaymentBatch, Project, Provider, ResourceRequest, ServiceType
from ..services import closing, evaluation, grant, match_times, matching, oversight, plan, statistics
from ..services.common import ProjectRefused
from ..workflow import Stage
from .common import back, project_of, show_refusal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{__import__('urllib.parse').parse.quote(name)}"
    return response


@permission_required("projects.manage_projects")
def index(request):
    calls = Call.objects.filter(projects__isnull=False).distinct().order_by("-year")
    return render(request, "projects/index.html", {"calls": calls, "todo": oversight.todo_counts()})


@permission_required("projects.manage_projects")
def call_projects(request, year):
    call = get_object_or_404(Call, year=year)
    stage, grant_filter = request.GET.get("stage", ""), request.GET.get("grant", "")
    charts = statistics.charts(call)
    progress = charts["progress"]
    context = {
        "call": call,
        "rows": oversight.project_rows(call, stage=stage, grant=grant_filter),
        "counts": oversight.stage_counts(call),
        "charts": charts,
        "progress_rows": list(
            zip(
                progress["months"],
                progress["milestones_done"],
                progress["milestones_overdue"],
                progress["activities"],
                progress["participants"],
                strict=True,
            )
        ),
        "stage": stage,
        "grant_filter": grant_filter,
        "stages": Stage.choices,
        "batches": PaymentBatch.objects.filter(call=call),
        "disbursed": grant.disbursement_total(call),
    }
    return render(request, "projects/call.html", context)


@permission_required("projects.manage_projects")
def export(request, year):
    call = get_object_or_404(Call, year=year)
    return _xlsx(workbook.everything(call), f"{call.year}年助推项目.xlsx")


@permission_required("projects.manage_projects")
def payments(request, year):
    call = get_object_or_404(Call, year=year)
    ready = list(Project.objects.filter(call=call, stage=Stage.AWAITING_GRANT).select_related("unit", "grant"))
    context = {"call": call, "ready": ready, "errors": {}, "posted": request.POST}
    if request.method == "POST":
        chosen = [p for p in ready if request.POST.get(f"pay_{p.pk}") == "on"]
        vouchers = {p.pk: request.POST.get(f"voucher_{p.pk}", "") for p in chosen}
        try:
            batch = grant.record_batch(
                call,
                chosen,
                request.user,
                paid_on=request.POST.get("paid_on"),
                payer=request.POST.get("payer"),
                vouchers=vouchers,
            )
        except ProjectRefused as refusal:
            messages.error(request, refusal.message)
            return render(
                request,
                "projects/payments.html",
                {**context, "errors": refusal.errors, "general_error": refusal.errors.get("__all__", "")},
            )
        for project in chosen:
            project.refresh_from_db()
            notices.tell_paid(project)
        messages.success(
            request,
            _("第%(number)d批拨付已登记，共 %(count)d 个项目。") % {"number": batch.number, "count": len(chosen)},
        )
        return redirect("projects:call", call.year)
    return render(request, "projects/payments.html", context)


@permission_required("projects.manage_projects")
def disbursement(request, year, number):
    batch = get_object_or_404(PaymentBatch, call__year=year, number=number)
    return _xlsx(exports.disbursement_sheet(batch), f"{year}年助推资金拨付明细（第{number}批）.xlsx")


@require_POST
@permission_required("projects.manage_projects", fn=project_of)
def decide_change(request, pk, change_pk):
    project = request.project
    change = get_object_or_404(ChangeRequest, pk=change_pk, project=project)
    try:
        plan.decide_change(
            change, request.user, approve=request.POST.get("decision") == "approve", note=request.POST.get("note")
        )
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    return back(project, "changes")


@require_POST
@permission_required("projects.manage_projects", fn=project_of)
def check(request, pk):
    project = request.project
    try:
        closing.check_closing(
            project,
            request.user,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
        )
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    return back(project)


@require_POST
@permission_required("projects.manage_projects", fn=project_of)
def grade(request, pk):
    project = request.project
    try:
        project = evaluation.confirm_grade(
            project, request.user, rectify_by=request.POST.get("rectify_by"), reason=request.POST.get("reason", "")
        )
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    notices.tell_graded(project)
    messages.success(request, _("结项等级已确认：%(grade)s。") % {"grade": project.get_grade_display()})
    return back(project)


@require_POST
@permission_required("projects.manage_projects", fn=project_of)
def terminate(request, pk):
    project = request.project
    try:
        evaluation.terminate(project, request.user, reason=request.POST.get("reason", ""))
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    return back(project)


@require_POST
@permission_required("projects.manage_projects")
def assign_evaluation(request, year):
    call = get_object_or_404(Call, year=year)
    try:
        result = evaluation.assign_experts(call, request.user)
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已新增 %(count)d 项结项评估分配。") % {"count": result["created"]})
    return redirect("projects:call", call.year)


@permission_required("projects.manage_projects")
def requests(request):
    now = timezone.now()
    items = list(
        ResourceRequest.objects.select_related("unit", "provider", "expert")
        .prefetch_related("consultations")
        .order_by("state", "-priority", "created_at")
    )
    for item in items:
        item.age = match_times.open_age(item, now=now)
    context = {
        "requests": items,
        "providers": Provider.objects.filter(active=True),
        "experts": Expert.objects.all(),
        "provider_load": matching.load("provider"),
        "expert_load": matching.load("expert"),
        "match_times": match_times.match_times(items, now=now),
        "open_count": sum(1 for r in items if r.state == ResourceRequest.State.OPEN),
    }
    return render(request, "projects/requests.html", context)


@require_POST
@permission_required("projects.manage_projects")
def match(request, pk):
    item = get_object_or_404(ResourceRequest, pk=pk)
    try:
        matching.match(
            item,
            request.user,
            provider_id=request.POST.get("provider"),
            expert_id=request.POST.get("expert"),
            arrangement=request.POST.get("arrangement"),
        )
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已完成对接。"))
    return redirect("projects:requests")


@permission_required("projects.manage_projects")
def providers(request):
    context = {"providers": Provider.objects.all(), "services": ServiceType.choices, "errors": {}, "posted": {}}
    if request.method == "POST":
        data = request.POST
        try:
            matching.save_provider(
                request.user,
                name=data.get("name"),
                qualifications=data.get("qualifications"),
                services=data.getlist("services"),
                districts_served=data.getlist("districts"),
                contact_name=data.get("contact_name", ""),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
                active=True,
            )
        except ProjectRefused as refusal:
            messages.error(request, refusal.message)
            return render(request, "projects/providers.html", {**context, "errors": refusal.errors, "posted": data})
        return redirect("projects:providers")
    return render(request, "projects/providers.html", context)


@permission_required("projects.view_project", fn=project_of)
def report_pdf(request, pk):
    from .. import reports

    response = HttpResponse(reports.closing_pdf(request.project), content_type="application/pdf")
    response["Content-Disposition"] = "inline; filename=closing-report.pdf"
    return response


@permission_required("projects.view_project", fn=project_of)
def report_docx(request, pk):
    from .. import reports

    response = HttpResponse(
        reports.closing_docx(request.project),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = "attachment; filename=closing-report.docx"
    return response


@permission_required("projects.view_final_accounts", fn=project_of)
def final_accounts(request, pk):
    project = request.project
    return _xlsx(exports.final_accounts_sheet(project), exports.final_accounts_name(project))


@permission_required("projects.manage_projects", fn=project_of)
def archive(request, pk):
    from urllib.parse import quote

    from django.http import StreamingHttpResponse

    from psyboost.documents.package import stream_zip

    from .. import reports

    project = request.project
    response = StreamingHttpResponse(stream_zip(reports.archive_members(project)), content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(reports.archive_name(project))}"
    return response


@require_POST
@permission_required("projects.manage_projects", fn=project_of)
def midterm_comment(request, pk):
    from ..models import MidtermReport
    from ..services import activities

    project = request.project
    report = get_object_or_404(MidtermReport, project=project)
    try:
        activities.comment_midterm(report, request.user, comment=request.POST.get("comment"))
    except ProjectRefused as refusal:
        return show_refusal(request, project, refusal)
    return back(project, "midterm")


@require_POST
@permission_required("projects.manage_projects")
def consultation(request, pk):
    item = get_object_or_404(ResourceRequest, pk=pk)
    data = request.POST
    try:
        matching.log_consultation(
            item,
            request.user,
            held_on=data.get("held_on"),
            who=data.get("who"),
            topic=data.get("topic"),
            form=data.get("form", ""),
            outcome=data.get("outcome", ""),
        )
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("咨询指导记录已保存。"))
    return redirect("projects:requests")
