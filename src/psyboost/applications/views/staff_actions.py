"""What staff do in the formal check, each a plain POST: accept, return for revision, reject, record the paper
copy, grant a unit an extension. A refused POST shows the detail page again with the message next to the field and
the input kept (status 400); a done one redirects back with a message.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.calls.models import Call
from psyboost.core.clock import beijing_text
from psyboost.core.permissions import permission_required

from .. import extension_requests, services
from ..errors import ApplicationError
from ..getters import application_of
from ..models import Application, Extension
from .staff import detail_context
from .staff_forms import ExtensionForm, PaperCopyForm, RejectForm, ReturnForm


def _refused(request, application, status=400, **forms):
    context = detail_context(application, request.user, **forms)
    return render(request, "applications/staff/detail.html", context, status=status)


def _done(request, application, message: str):
    messages.success(request, message)
    return redirect("applications:staff_detail", application.pk)


@require_POST
@permission_required("applications.screen_application", fn=application_of)
def accept(request, pk):
    application = request.application
    try:
        services.accept(application, request.user)
    except ApplicationError as refusal:
        return _refused(request, application, refusal=refusal.message)
    return _done(request, application, _("已受理 %(number)s，进入评审。") % {"number": application.display_number})


def _with_reason(request, form_class, prefix, move, done_message):
    application = request.application
    form = form_class(request.POST, prefix=prefix)
    with timezone.override(timezone.get_default_timezone()):
        valid = form.is_valid()
    if not valid:
        return _refused(request, application, **{f"{prefix}_form": form})
    data = form.cleaned_data
    extra = {"until": data["until"]} if data.get("until") else {}
    try:
        move(application, request.user, data["reason"], **extra)
    except ApplicationError as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else "reason", refusal.message)
        return _refused(request, application, **{f"{prefix}_form": form})
    return _done(request, application, done_message % {"number": application.display_number})


@require_POST
@permission_required("applications.screen_application", fn=application_of)
def return_application(request, pk):
    return _with_reason(
        request, ReturnForm, "return", services.return_for_revision, _("已将 %(number)s 退回修改，单位可看到退回理由。")
    )


@require_POST
@permission_required("applications.screen_application", fn=application_of)
def reject(request, pk):
    return _with_reason(request, RejectForm, "reject", services.reject, _("已对 %(number)s 作出不予受理决定。"))


@require_POST
@permission_required("applications.record_paper_copy", fn=application_of)
def paper_copy(request, pk):
    application = request.application
    form = PaperCopyForm(request.POST, prefix="paper")
    if not form.is_valid():
        return _refused(request, application, paper_form=form)
    data = form.cleaned_data
    try:
        services.record_paper_copy(
            application, data["received_on"], data["has_unit_seal"], data["has_union_seal"], request.user
        )
    except ApplicationError as refusal:
        form.add_error("received_on", refusal.message)
        return _refused(request, application, paper_form=form)
    return _done(request, application, _("已登记纸质版。"))


def _extension_call(request):
    year = request.POST.get("call") or request.GET.get("call") or ""
    if year.isdigit():
        return get_object_or_404(Call, year=int(year))
    call = Call.objects.order_by("-year").first()
    if call is None:
        raise Http404  # no call at all: nothing to extend
    return call


@permission_required("applications.grant_extension")
def extension(request):
    """GET: the form and the extensions granted in a call; POST: grant one (unit, until in Beijing time, reason).
    From the staff detail page the POST carries ``application`` and goes back there."""
    call = _extension_call(request)
    back = request.POST.get("application", "")
    application = Application.objects.select_related("call", "unit").filter(pk=back).first() if back.isdigit() else None
    asked = request.GET.get("request", "")
    prefill = extension_requests.pending(call).filter(pk=asked).first() if asked.isdigit() else None
    initial = {"unit": prefill.unit, "until": prefill.asked_until, "reason": prefill.reason} if prefill else None
    form = ExtensionForm(request.POST or None, prefix="extension", call=call, initial=initial)
    if request.method == "POST":
        with timezone.override(timezone.get_default_timezone()):
            valid = form.is_valid()
        if valid:
            data = form.cleaned_data
            try:
                services.grant_extension(call, data["unit"], data["until"], data["reason"], request.user)
            except ApplicationError as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else "until", refusal.message)
            else:
                messages.success(
                    request,
                    _("已批准%(unit)s延期至%(when)s。")
                    % {"unit": data["unit"].name, "when": beijing_text(data["until"])},
                )
                if application is not None:
                    return redirect("applications:staff_detail", application.pk)
                return redirect(f"{redirect('applications:extension').url}?call={call.year}")
        if application is not None:
            return _refused(request, application, extension_form=form)
    granted = Extension.objects.filter(call=call).select_related("unit", "granted_by").order_by("-granted_at", "-id")
    context = {"call": call, "form": form, "granted": granted, "pending": extension_requests.pending(call)}
    return render(request, "applications/staff/extension.html", context, status=400 if form.is_bound else 200)
