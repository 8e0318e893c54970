"""The rubric page: the criteria of each stage with their totals; staff add, edit, delete and install the default
rubric until the stage opens, after which the page is read-only (and the service refuses anyway)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from psyboost.core.permissions import permission_required
from psyboost.review.forms_panel import CriterionForm
from psyboost.review.models import Criterion, Stage
from psyboost.review.services import rubric as services

from .panel_base import call_of, stage_of


def _criterion(call, stage, value) -> Criterion | None:
    value = str(value or "")
    return Criterion.objects.filter(call=call, stage=stage, pk=value).first() if value.isdigit() else None


@permission_required("review.manage_review")
def rubric(request, year: int):
    """GET ``?stage=&edit=<pk>``; POST ``action`` save (``criterion`` to edit) / delete / default."""
    call = call_of(year)
    stage = stage_of(request)
    editing = _criterion(call, stage, request.GET.get("edit"))
    form = CriterionForm(instance=editing, prefix="c")
    if request.method == "POST":
        action = request.POST.get("action")
        target = _criterion(call, stage, request.POST.get("criterion"))
        try:
            if action == "default":
                services.install_default(call, stage, actor=request.user)
                messages.success(request, _("已使用默认评分细则。"))
            elif action == "delete" and target is not None:
                services.delete_criterion(target, actor=request.user)
                messages.success(request, _("已删除评分指标“%(name)s”。") % {"name": target.name})
            elif action == "save":
                editing = target
                form = CriterionForm(request.POST, instance=target, prefix="c")
                if not form.is_valid():
                    return _page(request, call, stage, form, editing)
                fresh = Criterion.objects.get(pk=target.pk) if target is not None else None  # the form changed target
                services.save_criterion(call, stage, form.cleaned_data, actor=request.user, criterion=fresh)
                messages.success(request, _("评分指标已保存。"))
            else:
                messages.error(request, _("未知的操作或评分指标不存在。"))
        except services.RubricRefused as refusal:
            if action == "save":
                form.add_error(None, str(refusal))
                return _page(request, call, stage, form, editing)
            messages.error(request, str(refusal))
        return redirect(f"{request.path}?stage={stage}")
    return _page(request, call, stage, form, editing)


def _page(request, call, stage, form, editing):
    criteria = list(services.criteria_of(call, stage))
    context = {
        "call": call,
        "stage": stage,
        "stage_label": Stage(stage).label,
        "stages": Stage.choices,
        "criteria": criteria,
        "total": sum((c.max_points for c in criteria), 0),
        "frozen": services.is_frozen(call, stage),
        "form": form,
        "editing": editing,
    }
    return render(request, "review/panel/rubric.html", context)
