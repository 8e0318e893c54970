"""Staff: the eligible units of a call that have not handed in an application, with a bulk reminder (plain form,
works without JavaScript). Staff only (``applications.screen_application``)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from psyboost.calls.models import Call
from psyboost.core.permissions import permission_required

from .. import reminders


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
