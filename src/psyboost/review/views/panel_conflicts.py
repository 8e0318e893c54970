"""Conflicts of interest: the staff list with its forms (record, dismiss, detect) and the expert's own page for
declaring theirs. An expert sees only their own declarations, and only for a call whose panel they sit on."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from psyboost.core.permissions import permission_required
from psyboost.review.forms_panel import ConflictForm, DismissForm
from psyboost.review.models import Conflict, Expert
from psyboost.review.predicates import expert_of
from psyboost.review.services import conflicts as services

from .panel_base import call_of


def _panel_experts(call):
    return Expert.objects.filter(panels__call=call).order_by("name", "pk")


@permission_required("review.manage_review")
def conflicts(request, year: int):
    """GET the list (``?show=all`` also dismissed ones); POST ``action`` record / dismiss / detect."""
    call = call_of(year)
    units = services.units_of_call(call).order_by("name")
    form = ConflictForm(call=call, units=units, experts=_panel_experts(call))
    dismiss_form, dismissing = DismissForm(), None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "detect":
            created = services.detect(call, actor=request.user)
            messages.success(request, _("系统识别出 %(n)d 条新的可能利益冲突。") % {"n": len(created)})
            return redirect("review:conflicts", call.year)
        if action == "record":
            form = ConflictForm(request.POST, call=call, units=units, experts=_panel_experts(call))
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.add(
                        call,
                        data["expert"],
                        data["unit"],
                        data["kind"],
                        Conflict.Source.STAFF,
                        actor=request.user,
                        note=data["note"],
                    )
                except services.ConflictRefused as refusal:
                    form.add_error(None, str(refusal))
                else:
                    messages.success(request, _("利益冲突已登记。"))
                    return redirect("review:conflicts", call.year)
        elif action == "dismiss":
            dismiss_form = DismissForm(request.POST)
            if dismiss_form.is_valid():
                conflict = Conflict.objects.filter(call=call, pk=dismiss_form.cleaned_data["conflict"]).first()
                if conflict is None:
                    messages.error(request, _("该利益冲突不存在。"))
                    return redirect("review:conflicts", call.year)
                try:
                    services.dismiss(conflict, actor=request.user, reason=dismiss_form.cleaned_data["reason"])
                except services.ConflictRefused as refusal:
                    messages.error(request, str(refusal))
                else:
                    messages.success(request, _("已排除该利益冲突。"))
                return redirect("review:conflicts", call.year)
            dismissing = request.POST.get("conflict")
        elif action in ("accept", "refuse"):
            return _decide(request, call, accept=action == "accept")
        else:
            messages.error(request, _("未知的操作。"))
            return redirect("review:conflicts", call.year)
    show_all = request.GET.get("show") == "all" or request.method == "POST"
    rows = Conflict.objects.filter(call=call).select_related("expert", "unit", "recorded_by")
    if not show_all:
        rows = rows.active_or_pending()
    context = {
        "call": call,
        "rows": rows.order_by("-pending", "-active", "expert__name", "unit__name", "pk"),
        "form": form,
        "dismiss_form": dismiss_form,
        "dismissing": str(dismissing or ""),
        "show_all": show_all,
        "same_district": services.review_settings_of(call).same_district_conflicts,
    }
    return render(request, "review/panel/conflicts.html", context)


def _decide(request, call, *, accept: bool):
    """Accept or refuse a late declaration (pending), with a reason; the decision is recorded."""
    conflict = Conflict.objects.filter(call=call, pk=request.POST.get("conflict") or 0).first()
    if conflict is None:
        messages.error(request, _("该利益冲突不存在。"))
        return redirect("review:conflicts", call.year)
    try:
        services.decide(conflict, accept=accept, actor=request.user, reason=request.POST.get("reason", ""))
    except services.ConflictRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("已接受该回避申报。") if accept else _("已驳回该回避申报。"))
    return redirect("review:conflicts", call.year)


def _call_for_expert(request, year: int):
    return call_of(year) if expert_of(request.user) is not None else None


@permission_required("review.declare_conflicts", fn=_call_for_expert)
def my_conflicts(request, year: int):
    """The expert's declared and recorded conflicts for the call, and the form to declare one more."""
    call = call_of(year)
    expert = expert_of(request.user)
    units = services.units_of_call(call).order_by("name")
    form = ConflictForm(request.POST or None, call=call, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conflict = services.add(
                call,
                expert,
                data["unit"],
                data["kind"],
                Conflict.Source.DECLARED,
                actor=request.user,
                note=data["note"],
            )
        except services.ConflictRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if conflict.pending:
                messages.warning(
                    request,
                    _("您已提交过该单位的评审意见或评审环节已结束：回避申报已提交工作人员决定，决定前评分不变。"),
                )
            else:
                messages.success(request, _("已申报回避，您将不会被分配评审该单位。"))
            return redirect("review:my_conflicts", call.year)
    rows = (
        Conflict.objects.active_or_pending()
        .filter(call=call, expert=expert)
        .select_related("unit")
        .order_by("unit__name")
    )
    return render(request, "review/panel/my_conflicts.html", {"call": call, "form": form, "rows": rows})
