"""The funded projects' to-dos on the staff workbench (``core.todos``, registered in ``ProjectsConfig.ready``): the
same counts as the projects overview and the staff digest (``services.oversight.todo_counts``), so the workbench
needs no import of this app."""

from datetime import datetime

from django.utils.translation import gettext as _

from psyboost.core.todos import Todo

from .services.oversight import todo_counts


def project_todos(now: datetime) -> list[Todo]:
    return [Todo(_("助推项目：%(label)s") % {"label": label}, count, url) for label, count, url in todo_counts(now=now)]
