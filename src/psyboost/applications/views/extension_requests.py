"""延期申请 pages: the unit asks for a later deadline (``applications:ask_extension``, the unit's users) and sees its
requests with their answers; staff decline a request with a reason (``applications:decline_extension_request``) or
grant it on the extension page, whose form the request fills in. Plain forms, no JavaScript needed."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from psyboost.calls.models import Call
from psyboost.core.permissions import permission_required

from .. import extension_requests
from ..errors import ApplicationError
from ..models import ExtensionRequest
from ..services import effective_deadline


class AskForm(forms.Form):
    """Validate in the site's zone (Beijing): the time typed is Beijing time whatever the zone of the request."""

    until = forms.DateTimeField(
        label=gettext_lazy("申请延期至（北京时间）"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": gettext_lazy("请填写申请延期至的时间。"),
            "invalid": gettext_lazy("请填写有效的日期和时间。"),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("申请理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("请填写申请理由。")},
    )


class DeclineForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("不予批准的理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("请填写不予批准的理由。")},
    )


@permission_required("applications.ask_extension")
def ask_extension(request, year: int):
    """GET: the form and the unit's requests in this call; POST: ask (a refusal keeps what was typed, 400)."""
    call = get_object_or_404(Call, year=year)
    unit = request.user.unit
    form = AskForm(request.POST or None)
    if request.method == "POST":
        with timezone.override(timezone.get_default_timezone()):
            valid = form.is_valid()
        if valid:
            data = form.cleaned_data
            try:
                extension_requests.ask(call, unit, data["until"], data["reason"], request.user)
            except ApplicationError as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
            else:
                messages.success(request, _("延期申请已提交，请等待市总工会工作人员答复。"))
                return redirect("applications:ask_extension", year)
    context = {
        "call": call,
        "form": form,
        "deadline": effective_deadline(call, unit),
        "requests": ExtensionRequest.objects.filter(call=call, unit=unit).order_by("-asked_at", "-id"),
    }
    return render(request, "applications/extension/ask.html", context, status=400 if form.is_bound else 200)


@require_POST
@permission_required("applications.grant_extension")
def decline(request, pk: int):
    """Staff decline a pending request with the reason the unit will read; back to the extension page."""
    item = get_object_or_404(ExtensionRequest.objects.select_related("call", "unit"), pk=pk)
    form = DeclineForm(request.POST)
    back = f"{redirect('applications:extension').url}?call={item.call.year}"
    if not form.is_valid():
        messages.error(request, _("请填写不予批准的理由。"))
        return redirect(back)
    try:
        extension_requests.decline(item, form.cleaned_data["answer"], request.user)
    except ApplicationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已答复%(unit)s：不予批准延期。") % {"unit": item.unit.name})
    return redirect(back)
