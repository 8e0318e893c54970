"""Staff change one unit of the registry (plain forms, no JavaScript): rename (former names kept), the years it was
named in, merge another record of the same unit into it, deactivate it with a reason. The services are in
``unit_history``; a refusal is shown beside the form with what was typed kept."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from psyboost.core.permissions import permission_required

from . import unit_history
from .models import Unit
from .unit_history import UnitChangeRefused


def _years(text: str) -> list[int]:
    parts = [part for part in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if part]
    if not parts or not all(part.isdigit() and len(part) == 4 for part in parts):
        raise UnitChangeRefused(_("请按四位数字填写命名年份，多个年份用逗号分隔，例如 2016, 2019。"))
    return [int(part) for part in parts]


def _apply(action: str, unit: Unit, data, user) -> str:
    if action == "rename":
        unit_history.rename(unit, data.get("name", ""), user)
        return _("已改名；原名称已记为曾用名。")
    if action == "years":
        unit_history.set_named_years(unit, _years(data.get("years", "")), user)
        return _("命名年份已更新。")
    if action == "deactivate":
        unit_history.deactivate(unit, data.get("reason", ""), user)
        return _("单位已停用。")
    if action == "merge":
        duplicate = Unit.objects.filter(name=data.get("duplicate", "").strip()).exclude(pk=unit.pk).first()
        if duplicate is None:
            raise UnitChangeRefused(_("名录中没有这个名称的单位，请核对后重新填写。"))
        unit_history.merge(unit, duplicate, user)
        return _("已将“%(name)s”合并到本单位。") % {"name": duplicate.name}
    raise UnitChangeRefused(_("无法识别的操作，请刷新页面后重试。"))


@permission_required("calls.edit_registry")
def unit_edit(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    refusal, action = "", request.POST.get("action", "")
    if request.method == "POST":
        try:
            done = _apply(action, unit, request.POST, request.user)
        except UnitChangeRefused as refused:
            refusal = refused.message
            unit.refresh_from_db()
        else:
            messages.success(request, done)
            return redirect("calls:unit_edit", unit.pk)
    context = {
        "unit": unit,
        "refusal": refusal,
        "action": action,
        "typed": request.POST if refusal else {},
        "applications": unit.applications.select_related("call").order_by("-call__year"),
    }
    return render(request, "calls/unit_edit.html", context, status=400 if refusal else 200)
