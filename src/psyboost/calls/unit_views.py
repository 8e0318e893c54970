import io

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from psyboost.core.permissions import permission_required
from psyboost.core.spreadsheets import append_row

from . import districts, registry
from .import_cells import COLUMNS
from .models import Unit, UnitImport


@permission_required("calls.view_registry")
def unit_list(request):
    """The registry with filters by district and year named, and the counts staff ask for most."""
    units = Unit.objects.all()
    district = request.GET.get("district_union", "")
    year = request.GET.get("named_year", "")
    query = request.GET.get("q", "").strip()
    if district in districts.DISTRICT_UNIONS:
        units = units.filter(district_union=district)
    if year.isdigit():
        units = units.filter(namings__year=int(year))
    if query:  # former names too: a renamed unit is found by its old name
        units = units.filter(Q(name__icontains=query) | Q(former_names__icontains=query))
    page = Paginator(units.order_by("district_union", "name"), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "total": Unit.objects.count(),
        "filtered": page.paginator.count,
        "by_district": Unit.objects.values("district_union").annotate(n=Count("id")).order_by("-n", "district_union"),
        "by_year": Unit.objects.values("named_year").annotate(n=Count("id")).order_by("named_year"),
        "district_choices": districts.DISTRICT_UNIONS,
        "selected": {"district_union": district, "named_year": year, "q": query},
    }
    return render(request, "calls/unit_list.html", context)


# ---- importing the registry: upload → preview → confirm or cancel ------------------------------------------------

PREVIEW_ROWS = 50
SHOWN_ERRORS = 1000  # a page with more would be unreadable; the count of the rest is shown


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("名录文件"),
        help_text=gettext_lazy(
            "Excel（.xlsx）或 CSV（.csv）文件，表头须有：单位名称、所属区/产业工会、上级工会名称、命名年份。"
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={
            "required": gettext_lazy("请选择要上传的名录文件。"),
            "empty": gettext_lazy("文件是空的，没有任何内容。"),
        },
    )


@permission_required("calls.import_units")
def unit_import(request):
    """Upload a registry file; a refused file comes back here with every problem, a good one goes to its preview."""
    form = UnitImportForm(request.POST, request.FILES) if request.method == "POST" else UnitImportForm()
    errors = []
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            staged = registry.stage_import(upload, upload.name, request.user)
        except registry.ImportRefused as refusal:
            errors = refusal.errors
        else:
            return redirect("calls:unit_import_preview", staged.pk)
    context = {
        "form": form,
        "errors": errors[:SHOWN_ERRORS],
        "hidden_errors": max(len(errors) - SHOWN_ERRORS, 0),
        "error_count": len(errors),
        "filename": request.FILES["file"].name if errors else "",
        "recent": UnitImport.objects.select_related("uploaded_by").defer("rows")[:10],
    }
    return render(request, "calls/unit_import.html", context)


@permission_required("calls.import_units")
def unit_import_preview(request, pk: int):
    unit_import = get_object_or_404(UnitImport.objects.select_related("uploaded_by"), pk=pk)
    return render(request, "calls/unit_import_preview.html", _preview_context(unit_import))


def _preview_context(unit_import: UnitImport, *, confirm_error: str = "") -> dict:
    """The preview: counts, then new units, renames, changes of named years and warnings apart, then the rows."""
    rows = unit_import.rows
    sample = rows[:PREVIEW_ROWS]
    plan = None
    if unit_import.status == UnitImport.Status.PENDING:
        plan = registry.plan_unit_rows(rows)
        created, updated, unchanged = plan.counts
        outcomes = plan.outcomes[:PREVIEW_ROWS]
    else:
        created, updated = unit_import.created_count, unit_import.updated_count
        unchanged = max(len(rows) - created - updated, 0)
        outcomes = [(None, [])] * len(sample)
    labels = {field: Unit._meta.get_field(field).verbose_name for field in ("name", *registry.UNIT_FIELDS)}
    preview = [
        {"row": row, "status": status, "changes": [(labels[key], old, new) for key, old, new in changes]}
        for row, (status, changes) in zip(sample, outcomes, strict=True)
    ]
    return {
        "unit_import": unit_import,
        "pending": plan is not None,
        "total": len(rows),
        "counts": {"created": created, "updated": updated, "unchanged": unchanged},
        "new_units": [unit.name for unit in plan.to_create[:PREVIEW_ROWS]] if plan else [],
        "more_new": max(len(plan.to_create) - PREVIEW_ROWS, 0) if plan else 0,
        "renames": plan.renames if plan else [],
        "year_changes": plan.year_changes if plan else [],
        "warnings": [str(warning) for warning in plan.warnings] if plan else [],
        "problems": [str(problem) for problem in plan.problems] if plan else [],
        "confirm_error": confirm_error,
        "preview": preview,
        "more": max(len(rows) - PREVIEW_ROWS, 0),
    }


@permission_required("calls.import_units")
@require_POST
def unit_import_confirm(request, pk: int):
    """Apply the import; with warnings only when the 我已知晓 box is ticked, else the preview again with why (400)."""
    unit_import = get_object_or_404(UnitImport, pk=pk)
    accept = request.POST.get("accept_ineligible") == "1"
    try:
        created, updated, unchanged = registry.confirm_import(unit_import, request.user, accept_ineligible=accept)
    except registry.ImportNotPending as refusal:
        messages.error(request, str(refusal))
        return redirect("calls:unit_import_preview", unit_import.pk)
    except (registry.IneligibleNotAccepted, registry.ImportRefused) as refusal:
        context = _preview_context(unit_import, confirm_error=str(refusal))
        return render(request, "calls/unit_import_preview.html", context, status=400)
    messages.success(
        request,
        _("已导入“%(file)s”：新增 %(created)d 家，更新 %(updated)d 家，未变 %(unchanged)d 家。")
        % {"file": unit_import.filename, "created": created, "updated": updated, "unchanged": unchanged},
    )
    return redirect("calls:unit_list")


@permission_required("calls.import_units")
@require_POST
def unit_import_cancel(request, pk: int):
    unit_import = get_object_or_404(UnitImport, pk=pk)
    try:
        registry.cancel_import(unit_import, request.user)
    except registry.ImportNotPending as refusal:
        messages.error(request, str(refusal))
        return redirect("calls:unit_import_preview", unit_import.pk)
    messages.success(request, _("已取消导入“%(file)s”，名录没有变化。") % {"file": unit_import.filename})
    return redirect("calls:unit_import")


@permission_required("calls.import_units")
def unit_import_template(request):
    """A blank registry sheet with the expected header, and a second sheet listing the accepted 所属区/产业工会."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("单位名录"))
    append_row(sheet, [column.title for column in COLUMNS])
    for letter, width in zip("ABCDEFGHI", (40, 20, 30, 10, 12, 16, 24, 40, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = workbook.create_sheet(str(_("填写说明")))
    append_row(notes, [str(_("必填列：单位名称、所属区/产业工会、上级工会名称、命名年份（四位数字，如 2017）。"))])
    append_row(notes, [str(_("所属区/产业工会可填写以下之一（“朝阳区总工会”等写法也可识别）："))])
    for name in districts.DISTRICT_UNIONS:
        append_row(notes, [name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, "单位名录模板.xlsx")
    return response
