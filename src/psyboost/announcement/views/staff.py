"""Staff pages: the calls with their announcement, the announcement of a call (prepare, preview exactly as
published, publish, correct, postings, copy-paste fragment), the settings, the confirmation, the holiday calendar."""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.calls.models import Call
from psyboost.core.clock import moment_text
from psyboost.core.permissions import permission_required
from psyboost.review.models import Decision

from .. import days as day_counting
from ..forms import CalendarForm, CorrectionForm, PostingForm, PrepareForm, SettingsForm
from ..models import Amendment, Announcement, CalendarYear, Objection
from ..services import confirmation, publishing
from ..services.changes import proposed_replacement
from ..services.publishing import Invalid, Refused
from .public import shown

MANAGE = "announcement.manage"


def _errors_into(form, errors: dict) -> None:
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)


@permission_required(MANAGE)
def staff_index(request):
    now = timezone.now()
    rows = []
    for call in Call.objects.all():
        initial = publishing.initial_of(call)
        rows.append(
            {
                "call": call,
                "decided": Decision.objects.filter(call=call).exists(),
                "initial": initial,
                "public": initial is not None and initial.is_public(now),
                "confirmed": hasattr(call, "results_confirmation"),
            }
        )
    return render(request, "announcement/staff_index.html", {"rows": rows})


def _call(year: int) -> Call:
    return get_object_or_404(Call, year=year)


@permission_required(MANAGE)
def staff_call(request, year: int):
    call = _call(year)
    now = timezone.now()
    announcements = list(Announcement.objects.filter(call=call).prefetch_related("postings", "corrections"))
    context = {
        "call": call,
        "settings": publishing.review_settings_of(call),
        "decision": Decision.objects.filter(call=call).first(),
        "announcements": [
            {
                **shown(item),
                "public": item.is_public(now),
                "open": item.is_open(now),
                "fragment": render_to_string("announcement/_fragment.html", shown(item)),
                "posting_form": PostingForm(initial={"posted_on": timezone.localdate(now)}),
            }
            for item in announcements
        ],
        "objections": Objection.objects.filter(announcement__call=call).select_related("application__unit"),
        "amendments": Amendment.objects.filter(call=call).select_related("removed__unit", "replacement__unit"),
        "pending_amendments": Amendment.objects.filter(call=call).exclude(announcement__published_at__isnull=False),
        "obstacles": confirmation.obstacles(call, now),
        "confirmed": getattr(call, "results_confirmation", None),
        "proposed": proposed_replacement(call),
        "selected": publishing.current_selection(call),
    }
    return render(request, "announcement/staff_call.html", context)


@permission_required(MANAGE)
def staff_settings(request, year: int):
    call = _call(year)
    form = SettingsForm(request.POST or None, instance=publishing.review_settings_of(call))
    if request.method == "POST" and form.is_valid():
        from psyboost.audit.services import record

        saved = form.save()
        record(request.user, "announcement.settings_changed", call, fields=form.changed_data, counting=saved.counting)
        messages.success(request, _("已保存。"))
        return redirect("announcement:staff_call", call.year)
    return render(request, "announcement/staff_settings.html", {"call": call, "form": form})


def _initial_form_values(call) -> dict:
    existing = publishing.initial_of(call)
    if existing is not None:
        return {
            "title": existing.title,
            "body": existing.body,
            "starts_at": timezone.localtime(existing.starts_at),
            "days": existing.days,
            "publisher": existing.publisher,
            "published_on": existing.published_on,
        }
    tomorrow = timezone.localdate() + timedelta(days=1)
    return {
        "title": publishing.default_title(call),
        "body": publishing.default_body(),
        "starts_at": timezone.make_aware(datetime.combine(tomorrow, time(9, 0))),
        "days": call.announcement_days,
        "publisher": publishing.review_settings_of(call).publisher,
        "published_on": tomorrow,
    }


@permission_required(MANAGE)
def prepare(request, year: int):
    call = _call(year)
    form = PrepareForm(request.POST or None, initial=_initial_form_values(call))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                announcement = publishing.prepare(call, **form.cleaned_data, actor=request.user)
            except Invalid as invalid:
                _errors_into(form, invalid.errors)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("公示已保存，请预览后发布。"))
                return redirect("announcement:preview", announcement.pk)
        status = 400
    counting = publishing.review_settings_of(call).get_counting_display()
    return render(
        request, "announcement/prepare.html", {"call": call, "form": form, "counting": counting}, status=status
    )


def _announcement(pk: int) -> Announcement:
    return get_object_or_404(Announcement.objects.select_related("call"), pk=pk)


@permission_required(MANAGE)
def preview(request, pk: int):
    """Exactly as the public will see it (the same template part), with the publish button."""
    announcement = _announcement(pk)
    return render(request, "announcement/preview.html", {"call": announcement.call, **shown(announcement)})


@require_POST
@permission_required(MANAGE)
def publish(request, pk: int):
    announcement = _announcement(pk)
    try:
        publishing.publish(announcement, actor=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("已发布：%(start)s起对外公示。") % {"start": moment_text(announcement.starts_at)})
    return redirect("announcement:staff_call", announcement.call.year)


@permission_required(MANAGE)
def correct(request, pk: int):
    announcement = _announcement(pk)
    form = CorrectionForm(request.POST or None, initial={"title": announcement.title, "body": announcement.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                publishing.correct(announcement, **form.cleaned_data, actor=request.user)
            except Invalid as invalid:
                _errors_into(form, invalid.errors)
            except Refused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("已更正，原文保留并标注“已更正”。"))
                return redirect("announcement:staff_call", announcement.call.year)
        status = 400
    context = {"call": announcement.call, "announcement": announcement, "form": form}
    return render(request, "announcement/correct.html", context, status=status)


@require_POST
@permission_required(MANAGE)
def posting(request, pk: int):
    announcement = _announcement(pk)
    form = PostingForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            publishing.record_posting(announcement, **form.cleaned_data, actor=request.user)
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("已登记转载。"))
    else:
        messages.error(
            request, " ".join(f"{form.fields[name].label}：{' '.join(errs)}" for name, errs in form.errors.items())
        )
    return redirect("announcement:staff_call", announcement.call.year)


@require_POST
@permission_required(MANAGE)
def confirm(request, year: int):
    call = _call(year)
    try:
        done = confirmation.confirm(call, actor=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("结果已确认：入选%(count)d个，结果通知正在后台发送。") % {"count": done.selected_count}
        )
    return redirect("announcement:staff_call", call.year)


@permission_required(MANAGE)
def calendar(request):
    """Official holidays and shifted working days for the years the package does not know."""
    year = request.POST.get("year") or request.GET.get("year")
    instance = CalendarYear.objects.filter(year=year).first() if str(year or "").isdigit() else None
    form = CalendarForm(request.POST or None, instance=instance)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            from ..services.calendar import save_year

            try:
                save_year(form.save(commit=False), actor=request.user)
            except Invalid as invalid:
                _errors_into(form, invalid.errors)
            else:
                messages.success(request, _("已保存%(year)d年的节假日安排。") % {"year": form.cleaned_data["year"]})
                return redirect("announcement:calendar")
        status = 400
    years = [(item, day_counting.package_knows(item.year)) for item in CalendarYear.objects.all()]
    return render(request, "announcement/calendar.html", {"form": form, "years": years}, status=status)
