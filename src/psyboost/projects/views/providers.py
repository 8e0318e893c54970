"""Staff pages of one provider: edit its details, stop working with it (with a reason) or resume. Plain forms; a
refusal re-draws the page with the message by its field and the input kept."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.calls import districts
from psyboost.core.permissions import permission_required

from ..models import Provider, ServiceType
from ..services import providers
from ..services.common import ProjectRefused


def _provider(request, pk):
    return get_object_or_404(Provider, pk=pk)


def _page(request, provider, *, errors=None, posted=None, reason=""):
    counts = Provider.objects.filter(pk=provider.pk).aggregate(
        requests=Count("requests", distinct=True), activities=Count("activities", distinct=True)
    )
    context = {
        "provider": provider,
        "services": ServiceType.choices,
        "districts": districts.DISTRICT_UNIONS,
        "errors": errors or {},
        "posted": posted,
        "chosen_services": posted.getlist("services") if posted else provider.services,
        "chosen_districts": posted.getlist("districts") if posted else provider.districts,
        "counts": counts,
        "reason": reason,
    }
    return render(request, "projects/provider.html", context)


@permission_required("projects.manage_projects")
def edit(request, pk):
    provider = _provider(request, pk)
    if request.method != "POST":
        return _page(request, provider)
    data = request.POST
    try:
        providers.edit_provider(
            provider,
            request.user,
            name=data.get("name"),
            qualifications=data.get("qualifications", ""),
            services=data.getlist("services"),
            districts=data.getlist("districts"),
            contact_name=data.get("contact_name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
        )
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
        return _page(request, provider, errors=refusal.errors, posted=data)
    messages.success(request, _("机构信息已保存。"))
    return redirect("projects:provider", provider.pk)


@require_POST
@permission_required("projects.manage_projects")
def deactivate(request, pk):
    provider = _provider(request, pk)
    try:
        providers.deactivate(provider, request.user, reason=request.POST.get("reason"))
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
        return _page(request, provider, errors=refusal.errors, reason=request.POST.get("reason", ""))
    messages.success(request, _("已停止与该机构合作，新的对接不再提供该机构。"))
    return redirect("projects:provider", provider.pk)


@require_POST
@permission_required("projects.manage_projects")
def reactivate(request, pk):
    provider = _provider(request, pk)
    try:
        providers.reactivate(provider, request.user)
    except ProjectRefused as refusal:
        messages.error(request, refusal.message)
        return _page(request, provider, errors=refusal.errors)
    messages.success(request, _("已恢复与该机构合作。"))
    return redirect("projects:provider", provider.pk)
