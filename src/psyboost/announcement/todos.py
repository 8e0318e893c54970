"""The announcement's to-dos on the staff workbench: places to settle after a listed unit gave up (递补)."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from psyboost.calls.models import Call
from psyboost.core.todos import Todo

from .services.replacement import waiting


def announcement_todos(now: datetime) -> list[Todo]:
    todos = []
    for call in Call.objects.filter(
        status__in=[Call.Status.REVIEW, Call.Status.ANNOUNCEMENT, Call.Status.IMPLEMENTATION]
    ).order_by("-year"):
        given_up = list(waiting(call)[:2])
        if not given_up:
            continue
        url = (
            reverse("announcement:replacement", args=[given_up[0].pk])
            if len(given_up) == 1
            else reverse("announcement:staff_call", args=[call.year])
        )
        todos.append(
            Todo(
                _("%(year)d年：入选项目放弃，待确认递补") % {"year": call.year},
                waiting(call).count(),
                url,
                _("确认按排名递补，或说明理由"),
            )
        )
    return todos
