"""The user's notices. Plain POST forms (work without JavaScript); with htmx, marking one read swaps its row."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.core.permissions import permission_required

from . import services
from .models import Notice

PAGE_SIZE = 20


@permission_required("notifications.view_notices")
def notice_list(request):
    notices = Notice.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    show = request.GET.get("show", "")
    if show == "unread":
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "show": show, "unread": services.unread_count(request.user)}
    return render(request, "notifications/list.html", context)


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@permission_required("notifications.view_notices")
@require_POST
def mark_read(request, pk: int):
    """Another user's notice is answered 404: its existence is not theirs to know."""
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
    services.mark_read(notice, request.user)
    if request.headers.get("HX-Request"):  # the card, and the count in the heading (out of band)
        context = {"notice": notice, "unread": services.unread_count(request.user), "oob": True}
        return render(request, "notifications/includes/notice_read.html", context)
    if request.POST.get("open") and notice.link:
        return redirect(notice.link)
    return _back(request)


@permission_required("notifications.view_notices")
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("已将%(count)d条消息标为已读。") % {"count": count})
    return _back(request)
