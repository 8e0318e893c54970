"""The staff's audit viewer: filter by who, what, when and object; page through; export the same as Excel.

Bad filters never crash the page: each gets a Chinese message next to its field and the list shows everything else.
The export is itself audited (the trail holds personal data: names, addresses).
"""

import io
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from psyboost.core.permissions import permission_required
from psyboost.core.spreadsheets import append_row

from .models import AuditEntry
from .services import record

PAGE_SIZE = 100
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)
EXPORT_LIMIT = 50_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FilterForm(forms.Form):
    actor = forms.CharField(label=gettext_lazy("操作人（用户名）"), required=False, max_length=150)
    action = forms.CharField(label=gettext_lazy("操作"), required=False, max_length=64)
    target_type = forms.CharField(label=gettext_lazy("对象类型"), required=False, max_length=64)
    target_id = forms.CharField(label=gettext_lazy("对象编号"), required=False, max_length=64)
    date_from = forms.DateField(
        label=gettext_lazy("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("请输入有效的日期，如 2020-07-01。")},
    )
    date_to = forms.DateField(
        label=gettext_lazy("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("请输入有效的日期，如 2020-07-31。")},
    )

    def clean(self):
        data = super().clean()
        for name in ("date_from", "date_to"):
            if data.get(name) and not (FIRST_DAY <= data[name] <= LAST_DAY):
                self.add_error(name, _("日期须在 2000 年至 2999 年之间。"))
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


def filtered(form: FilterForm):
    entries = AuditEntry.objects.select_related("actor").order_by("-sequence", "-id")
    if not form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
    else:
        data = form.cleaned_data
    if data.get("actor"):
        entries = entries.filter(actor__username__icontains=data["actor"].strip())
    if data.get("action"):
        entries = entries.filter(action__startswith=data["action"].strip())
    if data.get("target_type"):
        entries = entries.filter(target_type=data["target_type"].strip())
    if data.get("target_id"):
        entries = entries.filter(target_id=data["target_id"].strip())
    zone = timezone.get_current_timezone()
    if data.get("date_from"):
        entries = entries.filter(created_at__gte=datetime.combine(data["date_from"], time(0), zone))
    if data.get("date_to"):
        entries = entries.filter(created_at__lt=datetime.combine(data["date_to"] + timedelta(days=1), time(0), zone))
    return entries


@permission_required("audit.view_trail")
def index(request):
    form = FilterForm(request.GET or None)
    if not request.GET:
        form = FilterForm({})
    page = Paginator(filtered(form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/index.html", context)


def _row(entry: AuditEntry) -> list:
    when = timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S")
    actor = entry.actor.username if entry.actor_id and entry.actor else ""
    details = ", ".join(f"{key}={value}" for key, value in sorted(entry.data.items()))
    return [entry.sequence, when, actor, entry.action, entry.target_type, entry.target_id, entry.target_label,
            entry.reason, details]  # fmt: skip


@permission_required("audit.view_trail")
def export(request):
    form = FilterForm(request.GET or {})
    entries = filtered(form)[:EXPORT_LIMIT]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("审计记录")
    append_row(sheet, [_("序号"), _("时间"), _("操作人"), _("操作"), _("对象类型"), _("对象编号"), _("对象"),
                       _("理由"), _("详情")])  # fmt: skip
    count = 0
    for entry in entries.iterator(chunk_size=2000):
        append_row(sheet, _row(entry))
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    record(request.user, "audit.exported", None, rows=count, filters=request.GET.urlencode())
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "审计记录.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response
