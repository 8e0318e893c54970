"""Staff: the eligible units of a call that have not handed in an application, with a bulk reminder (plain form,
works without JavaScript), and the call's 汇总表. Staff only (``applications.screen_application``)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from psyboost.calls.models import Call
from psyboost.core.permissions import permission_required

from .. import reminders
from ..summary import summary_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("applications.screen_application")
def not_applied(request, year):
    call = get_object_or_404(Call, year=year)
    if request.method == "POST":
        chosen = [value for value in request.POST.getlist("unit") if value.isdigit()]
        if not chosen:
            messages.error(request, _("请先勾选要提醒的单位。"))
        else:
            reminded, skipped = reminders.remind(call, chosen, request.user)
            messages.success(request, reminders.summary(reminded, skipped))
        return redirect("applications:not_applied", call.year)
    context = {"call": call, "rows": reminders.reminder_rows(call)}
    return render(request, "applications/staff/not_applied.html", context)


@permission_required("applications.screen_application")
def summary(request, year):
    """The call's 汇总表 (Excel), the file name in Chinese (RFC 5987)."""
    call = get_object_or_404(Call, year=year)
    response = HttpResponse(summary_workbook(call), content_type=XLSX)
    filename = _("%(year)d年申报汇总表.xlsx") % {"year": call.year}
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
