"""The staff page of a call's project settings: a plain form; a refusal re-draws it with the messages by the fields
and the input kept."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from psyboost.calls.models import Call
from psyboost.core.permissions import permission_required

from ..services import call_settings
from ..services.common import ProjectRefused, project_settings_of


@permission_required("projects.manage_projects")
def edit(request, year):
    call = get_object_or_404(Call, year=year)
    current = project_settings_of(call)
    context = {"call": call, "current": current, "errors": {}, "posted": None}
    if request.method == "POST":
        data = request.POST
        try:
            call_settings.update_settings(call, request.user, **{name: data.get(name) for name in call_settings.FIELDS})
        except ProjectRefused as refusal:
            messages.error(request, refusal.message)
            return render(request, "projects/settings.html", {**context, "errors": refusal.errors, "posted": data})
        messages.success(request, _("项目管理设置已保存。"))
        return redirect("projects:settings", call.year)
    return render(request, "projects/settings.html", context)
