"""The unit changes its mind (plain POSTs from the application's page, no JavaScript needed): delete a draft it never
submitted, withdraw a submission before the formal check (撤回, 编号 kept), give the application up (放弃, with a
reason). Who: the unit's own users (``applications.withdraw_application``); the state machine says when."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from psyboost.core.permissions import permission_required

from .. import withdrawal
from ..errors import ApplicationError
from ..getters import application_of


@require_POST
@permission_required("applications.withdraw_application", fn=application_of)
def withdraw(request, pk):
    application = request.application
    try:
        withdrawal.withdraw(application, request.user)
    except ApplicationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("申报已撤回，编号 %(number)s 保留；修改后请在截止时间前重新提交。")
            % {"number": application.display_number},
        )
    return redirect("applications:detail", application.pk)


@require_POST
@permission_required("applications.withdraw_application", fn=application_of)
def give_up(request, pk):
    application = request.application
    try:
        withdrawal.give_up(application, request.user, request.POST.get("reason", ""))
    except ApplicationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("已放弃本次申报。"))
    return redirect("applications:detail", application.pk)


@require_POST
@permission_required("applications.withdraw_application", fn=application_of)
def delete(request, pk):
    application = request.application
    try:
        withdrawal.delete_draft(application, request.user)
    except ApplicationError as refusal:
        messages.error(request, refusal.message)
        return redirect("applications:detail", application.pk)
    messages.success(request, _("申报草稿已删除。"))
    return redirect("applications:mine")
