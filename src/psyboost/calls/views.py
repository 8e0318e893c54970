from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.core.permissions import permission_required

from . import districts, notice_page, services
from .forms import CallForm, CopyCallForm
from .lifecycle import public_phase
from .models import Call


def notice(request, year: int):
    """The public notice of one call, built from its fields so that it always says what the call enforces."""
    call = get_object_or_404(Call, year=year)
    now = timezone.now()
    query, district = request.GET.get("q", "")[:50], request.GET.get("district", "")
    context = {
        "call": call,
        "phase": public_phase(call, now),
        "eligible_count": call.eligible_units.count(),
        "timeline": services.timeline(call, now),
        "planned": notice_page.planned_timeline(call),
        "units": notice_page.eligible_units(call, query, district),
        "query": query,
        "district": district,
        "districts": districts.DISTRICT_UNIONS,
        "phones": notice_page.phones(call.contact_phones),
    }
    return render(request, "calls/notice.html", context)


@permission_required("calls.manage_calls")
def staff_list(request):
    now = timezone.now()
    calls = [(call, public_phase(call, now)) for call in Call.objects.all()]
    return render(request, "calls/staff_list.html", {"calls": calls})


@permission_required("calls.manage_calls")
def staff_detail(request, year: int):
    call = get_object_or_404(Call, year=year)
    context = {
        "call": call,
        "phase": public_phase(call, timezone.now()),
        "eligible_count": call.eligible_units.count(),
        "copy_form": CopyCallForm(initial={"year": call.year + 1}),
    }
    return render(request, "calls/staff_detail.html", context)


@permission_required("calls.manage_calls")
def create(request):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = services.save_call(form.save(commit=False), actor=request.user, changed=form.changed_data)
        messages.success(request, _("年度评选已创建。"))
        return redirect("calls:staff_detail", call.year)
    return render(request, "calls/call_form.html", {"form": form})


@permission_required("calls.manage_calls")
def edit(request, year: int):
    call = get_object_or_404(Call, year=year)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        call = services.save_call(form.save(commit=False), actor=request.user, changed=form.changed_data)
        messages.success(request, _("已保存。"))
        return redirect("calls:staff_detail", call.year)
    return render(request, "calls/call_form.html", {"form": form, "call": call})


@permission_required("calls.manage_calls")
def copy(request, year: int):
    source = get_object_or_404(Call, year=year)
    form = CopyCallForm(request.POST or None, initial={"year": source.year + 1})
    if request.method == "POST" and form.is_valid():
        call = services.copy_call(source, form.cleaned_data["year"], actor=request.user)
        messages.success(request, _("已复制为 %(year)s 年度评选，请核对日期。") % {"year": call.year})
        return redirect("calls:edit", call.year)
    return render(request, "calls/copy.html", {"form": form, "source": source})
