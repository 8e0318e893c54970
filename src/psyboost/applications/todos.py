"""The intake's to-dos on the staff workbench: submissions to check, paper copies missing or short of a seal,
extensions asked (延期申请) waiting for an answer, and eligible units that have not applied (for the reminder list).
One ``Todo`` of each per open call."""

from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from psyboost.calls.models import Call
from psyboost.core.todos import Todo

from .models import Application, ExtensionRequest
from .workflow import State

# The states in which the federation waits for (or holds) the signed, sealed paper copy.
PAPER_STATES = (State.SUBMITTED, State.RETURNED, State.WITHDRAWN, State.ACCEPTED, State.SELECTED)


def paper_missing(applications):
    """Applications among ``applications`` whose paper copy has not arrived or lacks a seal."""
    return applications.filter(state__in=PAPER_STATES).filter(
        Q(paper_copy__isnull=True) | Q(paper_copy__has_unit_seal=False) | Q(paper_copy__has_union_seal=False)
    )


def not_applied(call):
    """The call's eligible units without a submitted application (none, or a draft only)."""
    handed_in = Application.objects.filter(call=call).exclude(state=State.DRAFT).values("unit_id")
    return call.eligible_units.exclude(pk__in=handed_in)


def intake_todos(now: datetime) -> list[Todo]:
    todos = []
    for call in Call.objects.filter(status__in=[Call.Status.SUBMISSION, Call.Status.REVIEW]).order_by("-year"):
        applications = Application.objects.filter(call=call)
        listing = reverse("applications:staff_list")
        todos.append(
            Todo(
                _("%(year)d年：待形式审查的申报") % {"year": call.year},
                applications.filter(state=State.SUBMITTED).count(),
                f"{listing}?call={call.year}&state={State.SUBMITTED}",
                _("受理、退回修改或不予受理"),
            )
        )
        todos.append(
            Todo(
                _("%(year)d年：纸质版未收到或公章不全") % {"year": call.year},
                paper_missing(applications).count(),
                f"{listing}?call={call.year}&paper=missing",
                _("登记收到的纸质版及其公章"),
            )
        )
        todos.append(
            Todo(
                _("%(year)d年：待处理的延期申请") % {"year": call.year},
                ExtensionRequest.objects.filter(call=call, state=ExtensionRequest.State.PENDING).count(),
                f"{reverse('applications:extension')}?call={call.year}",
                _("批准或说明理由不予批准"),
            )
        )
        if call.status == Call.Status.SUBMISSION:
            todos.append(
                Todo(
                    _("%(year)d年：尚未提交申报的可申报单位") % {"year": call.year},
                    not_applied(call).count(),
                    reverse("applications:not_applied", args=[call.year]),
                    _("查看填写进度，发送提醒"),
                )
            )
    return todos
