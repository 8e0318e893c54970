"""The panel of a call (add, remove, chair) and the experts: created by hand or imported from a sheet (upload →
preview → confirm). The checked rows of an upload wait in the staff member's session until confirmed; nothing is
written before that, and a file with any problem is shown with every problem and never staged."""

import base64
import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.core.permissions import permission_required
from psyboost.review import panel_spreadsheets
from psyboost.review.forms_panel import ExpertForm, ExpertImportForm, PanelAddForm
from psyboost.review.models import Expert, PanelMember
from psyboost.review.panel_import import parse_expert_file
from psyboost.review.services import panel as services

from .panel_base import call_of

SESSION_KEY = "review_expert_imports"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ERRORS = 500
KEPT_IMPORTS = 5  # uploads waiting for confirmation in one session


@permission_required("review.manage_review")
def panel(request, year: int):
    """The members with their chair; POST ``action`` add / remove / chair with ``expert``."""
    call = call_of(year)
    form = PanelAddForm(call=call)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            form = PanelAddForm(request.POST, call=call)
            if form.is_valid():
                return _act(request, call, services.add_member, form.cleaned_data["expert"], _("已加入评审组。"))
        elif action in ("remove", "chair"):
            expert_id = request.POST.get("expert", "")
            expert = Expert.objects.filter(pk=expert_id).first() if expert_id.isdigit() else None
            if expert is None:
                messages.error(request, _("请选择专家。"))
                return redirect("review:panel", call.year)
            if action == "remove":
                return _act(request, call, services.remove_member, expert, _("已移出评审组。"))
            return _act(request, call, services.set_chair, expert, _("已设为评审组组长。"))
        else:
            messages.error(request, _("未知的操作。"))
            return redirect("review:panel", call.year)
    members = (
        PanelMember.objects.filter(call=call)
        .select_related("expert__user")
        .order_by("-is_chair", "expert__kind", "expert__name")
    )
    return render(request, "review/panel/panel.html", {"call": call, "members": members, "form": form})


def _act(request, call, operation, expert, success):
    try:
        operation(call, expert, actor=request.user)
    except services.PanelRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{expert.name}：{success}")
    return redirect("review:panel", call.year)


def _credentials(request, call, issued, title):
    login_url = request.build_absolute_uri(reverse("accounts:login"))
    sheet = panel_spreadsheets.workbook_bytes(issued, login_url)
    context = {
        "title": title,
        "headers": panel_spreadsheets.headers(),
        "rows": panel_spreadsheets.rows(issued, login_url),
        "sheet_href": f"data:{XLSX};base64,{base64.b64encode(sheet).decode()}",
        "sheet_filename": f"专家初始密码-{timezone.localtime():%Y%m%d-%H%M}.xlsx",
        "back_url": reverse("review:panel", args=[call.year]),
    }
    response = render(request, "accounts/credentials.html", context)
    add_never_cache_headers(response)
    return response


@permission_required("review.manage_review")
def expert_create(request, year: int):
    call = call_of(year)
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = {key: form.cleaned_data[key] for key in services.EXPERT_FIELDS}
        try:
            issued = services.create_experts(
                [row], actor=request.user, call=call if form.cleaned_data["add_to_panel"] else None
            )
        except services.PanelRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return _credentials(request, call, issued, _("已添加专家“%(name)s”") % {"name": issued[0].expert.name})
    return render(request, "review/panel/expert_form.html", {"call": call, "form": form})


@permission_required("review.manage_review")
def expert_import(request, year: int):
    call = call_of(year)
    form = ExpertImportForm(request.POST, request.FILES) if request.method == "POST" else ExpertImportForm()
    errors = []
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        result = parse_expert_file(upload.file, upload.name)
        if result.ok:
            token = secrets.token_hex(8)
            staged = request.session.get(SESSION_KEY, {})
            staged[token] = {
                "year": call.year,
                "filename": upload.name,
                "rows": result.rows,
                "add_to_panel": form.cleaned_data["add_to_panel"],
            }
            while len(staged) > KEPT_IMPORTS:  # the oldest waiting upload goes first
                staged.pop(next(iter(staged)))
            request.session[SESSION_KEY] = staged
            return redirect("review:expert_import_preview", call.year, token)
        errors = result.errors
    context = {
        "call": call,
        "form": form,
        "errors": errors[:SHOWN_ERRORS],
        "error_count": len(errors),
        "hidden_errors": max(len(errors) - SHOWN_ERRORS, 0),
    }
    return render(request, "review/panel/expert_import.html", context)


def _staged(request, call, token):
    item = request.session.get(SESSION_KEY, {}).get(token)
    if item is None or item["year"] != call.year:
        messages.error(request, _("该导入不存在或已处理，请重新上传。"))
        return None
    return item


@permission_required("review.manage_review")
def expert_import_preview(request, year: int, token: str):
    call = call_of(year)
    item = _staged(request, call, token)
    if item is None:
        return redirect("review:expert_import", call.year)
    kinds = dict(Expert.Kind.choices)
    rows = [{**row, "kind_label": kinds.get(row["kind"], "")} for row in item["rows"]]
    return render(
        request, "review/panel/expert_import_preview.html", {"call": call, "item": item, "rows": rows, "token": token}
    )


@permission_required("review.manage_review")
@require_POST
def expert_import_confirm(request, year: int, token: str):
    call = call_of(year)
    item = _staged(request, call, token)
    if item is None:
        return redirect("review:expert_import", call.year)
    staged = request.session.get(SESSION_KEY, {})
    staged.pop(token, None)  # confirmed once only, whatever happens next
    request.session[SESSION_KEY] = staged
    try:
        issued = services.create_experts(item["rows"], actor=request.user, call=call if item["add_to_panel"] else None)
    except services.PanelRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("review:expert_import", call.year)
    return _credentials(request, call, issued, _("已导入 %(n)d 位专家") % {"n": len(issued)})
