"""Handling objections (staff), the unit's explanation, changes to the list, and the downloads: objection and
explanation files (staff only), the selection letter (the selected unit and staff)."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from psyboost.accounts.models import FEDERATION_ROLES, User
from psyboost.applications.models import Application
from psyboost.applications.workflow import State
from psyboost.core.permissions import permission_required

from ..forms import (
    AmendForm,
    CloseForm,
    ExplanationForm,
    HandleForm,
    RegisterObjectionForm,
    RequestForm,
    SupplementaryForm,
)
from ..models import Amendment, Entry, Explanation, ExplanationFile, Objection, ObjectionFile
from ..services import changes, objections
from ..services.publishing import Invalid, Refused, current_selection, initial_of
from .staff import MANAGE, _call, _errors_into


def _entries(call):
    seen, rows = set(), []
    for entry in Entry.objects.filter(announcement__call=call, announcement__published_at__isnull=False).order_by(
        "announcement__starts_at", "position"
    ):
        if entry.application_id not in seen:
            seen.add(entry.application_id)
            rows.append(entry)
    return rows


@permission_required(MANAGE)
def register(request, year: int):
    """Staff register an objection received on paper, by phone or in person."""
    call = _call(year)
    form = RegisterObjectionForm(request.POST or None, request.FILES or None, entries=_entries(call))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            pk = data.pop("application")
            data["application"] = Application.objects.filter(pk=pk, call=call).first() if pk else None
            try:
                done = objections.register_objection(
                    call,
                    data,
                    channel=data.pop("channel"),
                    received_at=data.pop("received_at"),
                    evidence=data.pop("evidence"),
                    actor=request.user,
                )
            except Invalid as invalid:
                _errors_into(form, invalid.errors)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("已登记异议，受理编号 %(receipt)s。") % {"receipt": done.receipt})
                return redirect("announcement:objection_detail", done.pk)
        status = 400
    return render(request, "announcement/register.html", {"call": call, "form": form}, status=status)


def _objection(pk: int) -> Objection:
    return get_object_or_404(
        Objection.objects.select_related("announcement__call", "application__unit", "application__call", "handler"),
        pk=pk,
    )


@permission_required(MANAGE)
def objection_detail(request, pk: int):
    """One objection with its files, the explanations asked and the handling forms (each a plain POST)."""
    objection = _objection(pk)
    forms = {
        "handle": HandleForm(initial={"notes": objection.notes}),
        "request": RequestForm(),
        "close": CloseForm(),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "handle":
                objections.handle(
                    objection, handler=request.user, notes=request.POST.get("notes", ""), actor=request.user
                )
                messages.success(request, _("已保存核查记录。"))
            elif action == "request":
                objections.request_explanation(objection, request=request.POST.get("request", ""), actor=request.user)
                messages.success(request, _("已请单位提交情况说明。"))
            elif action == "close":
                objections.close(
                    objection,
                    outcome=request.POST.get("outcome", ""),
                    reason=request.POST.get("outcome_reason", ""),
                    reply=request.POST.get("reply", ""),
                    actor=request.user,
                )
                messages.success(request, _("异议已办结。"))
            else:
                raise Refused(_("未知的操作。"))
            return redirect("announcement:objection_detail", objection.pk)
        except Invalid as invalid:
            form = forms.get(action) or forms["handle"]
            form = type(form)(request.POST)
            form.is_valid()
            _errors_into(form, invalid.errors)
            forms[action] = form
            status = 400
        except Refused as refusal:
            messages.error(request, str(refusal))
            status = 400
    context = {
        "call": objection.announcement.call,
        "objection": objection,
        "files": objection.files.all(),
        "explanations": objection.explanations.prefetch_related("files"),
        "forms": forms,
        "staff": User.objects.filter(role__in=FEDERATION_ROLES, is_active=True),
    }
    return render(request, "announcement/objection_detail.html", context, status=status)


def _file_response(stored, content_type: str, name: str):
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required(MANAGE)
def objection_file(request, pk: int):
    item = get_object_or_404(ObjectionFile, pk=pk)
    return _file_response(item.file, item.content_type, f"objection-{item.objection_id}-{item.pk}")


@permission_required(MANAGE)
def explanation_file(request, pk: int):
    item = get_object_or_404(ExplanationFile, pk=pk)
    return _file_response(item.file, item.content_type, f"explanation-{item.explanation_id}-{item.pk}")


def _explanation(request, pk: int):
    return get_object_or_404(Explanation.objects.select_related("objection__application__unit"), pk=pk)


@permission_required("announcement.answer_explanation", _explanation)
def explanation(request, pk: int):
    """The unit answers: it sees the question and its own application, never who objected nor the grounds."""
    item = _explanation(request, pk)
    form = ExplanationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                objections.answer_explanation(
                    item, answer=form.cleaned_data["answer"], files=form.cleaned_data["files"], actor=request.user
                )
            except Invalid as invalid:
                _errors_into(form, invalid.errors)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("情况说明已提交。"))
                return redirect("announcement:explanation", item.pk)
        status = 400
    context = {"explanation": item, "application": item.objection.application, "form": form}
    return render(request, "announcement/explanation.html", context, status=status)


@permission_required(MANAGE)
def amend(request, year: int):
    """Take a project off the list and fill its place from the ranking (the next one proposed)."""
    call = _call(year)
    selected = current_selection(call)
    proposed = changes.proposed_replacement(call)
    ranked = Application.objects.filter(call=call, selection__isnull=False).select_related("unit", "selection")
    upheld = Objection.objects.filter(announcement__call=call, status=Objection.Status.CLOSED).exclude(
        outcome=Objection.Outcome.REJECTED
    )
    form = AmendForm(request.POST or None, initial={"replacement": getattr(proposed, "pk", None)})
    form.fields["removed"].choices = [(a.pk, f"{a.display_number} {a.unit.name}") for a in selected]
    form.fields["objection"].choices = [("", "——")] + [
        (o.pk, f"{o.receipt} {o.application.display_number}") for o in upheld
    ]
    form.fields["replacement"].choices = [("", _("（不递补）"))] + [
        (a.pk, f"{a.selection.rank}. {a.display_number} {a.unit.name}")
        for a in sorted(ranked, key=lambda a: a.selection.rank)
        if not a.selection.selected
    ]
    status = 200
    if request.method == "POST":
        if form.is_valid() and initial_of(call) is not None:
            data = form.cleaned_data
            try:
                changes.amend(
                    call,
                    removed=Application.objects.get(pk=data["removed"]),
                    cause=data["cause"],
                    statement=data["statement"],
                    replacement=Application.objects.filter(pk=data["replacement"]).first()
                    if data["replacement"]
                    else None,
                    replacement_reason=data["replacement_reason"],
                    objection=Objection.objects.filter(pk=data["objection"]).first() if data["objection"] else None,
                    actor=request.user,
                )
            except Invalid as invalid:
                _errors_into(form, invalid.errors)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("名单已调整，请准备补充公示。"))
                return redirect("announcement:staff_call", call.year)
        status = 400
    context = {"call": call, "form": form, "proposed": proposed}
    return render(request, "announcement/amend.html", context, status=status)


@permission_required(MANAGE)
def supplementary(request, pk: int):
    amendment = get_object_or_404(Amendment.objects.select_related("call"), pk=pk)
    form = SupplementaryForm(request.POST or None, initial={"days": amendment.call.announcement_days})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                made = changes.prepare_supplementary(amendment, **form.cleaned_data, actor=request.user)
            except Invalid as invalid:
                _errors_into(form, invalid.errors)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("补充公示已保存，请预览后发布。"))
                return redirect("announcement:preview", made.pk)
        status = 400
    context = {"call": amendment.call, "amendment": amendment, "form": form}
    return render(request, "announcement/supplementary.html", context, status=status)


def _application(request, pk: int):
    return get_object_or_404(Application.objects.select_related("call", "unit"), pk=pk)


@permission_required("announcement.download_letter", _application)
def letter(request, pk: int):
    from ..letters import letter_bytes

    application = _application(request, pk)
    if application.state != State.SELECTED:
        raise Http404
    response = HttpResponse(letter_bytes(application), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="selection-{application.display_number}.pdf"'
    return response
