"""What units hear of their project, and the staff digest's sections: overdue milestones and what needs action."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.notifications.messaging import DigestSection, Kind, notify, register, unit_recipients

from .models import Milestone, Project, ProjectSettings

register(
    Kind(
        "project_milestone_due",
        gettext_lazy("进度节点即将到期：%(content)s"),
        gettext_lazy("%(unit)s的助推项目进度节点“%(content)s”将于%(due)s到期，请按计划推进并在平台标记完成。"),
    )
)
register(
    Kind(
        "project_milestone_overdue",
        gettext_lazy("进度节点已逾期：%(content)s"),
        gettext_lazy(
            "%(unit)s的助推项目进度节点“%(content)s”已于%(due)s到期仍未完成，请尽快推进，如需调整请提出变更申请。"
        ),
    )
)
register(
    Kind(
        "project_graded",
        gettext_lazy("助推项目结项评估结果：%(grade)s"),
        gettext_lazy("%(unit)s的助推项目结项评估得分 %(score)s，等级：%(grade)s。%(next)s"),
    )
)
register(
    Kind(
        "project_paid",
        gettext_lazy("助推资金已拨付"),
        gettext_lazy(
            "市总工会已于%(day)s向%(unit)s拨付助推资金 %(amount)s 元（凭证号 %(voucher)s），请确认到账并上传收据。"
        ),
    )
)


def _link(project: Project) -> str:
    return reverse("projects:detail", args=[project.pk])


def send_reminders(now=None) -> int:
    """In-app and e-mail reminders, once each: the call's ``remind_days_before`` days (default 7) before a milestone
    is due, and ``remind_days_after`` days (default 1) after it was due while still open."""
    today = timezone.localdate(now or timezone.now())
    sent = 0
    open_milestones = Milestone.objects.filter(done_on__isnull=True, project__stage="implementing").select_related(
        "project__unit"
    )
    calls = open_milestones.values_list("project__call", flat=True).distinct()
    for call_id in sorted(set(calls)):
        offsets, _created = ProjectSettings.objects.get_or_create(call_id=call_id)
        mine = open_milestones.filter(project__call_id=call_id)
        for milestone in mine.filter(
            reminded_before=False, due_on__gte=today, due_on__lte=today + timedelta(days=offsets.remind_days_before)
        ):
            _tell(milestone, "project_milestone_due")
            Milestone.objects.filter(pk=milestone.pk).update(reminded_before=True)
            sent += 1
        for milestone in mine.filter(
            reminded_after=False, due_on__lte=today - timedelta(days=offsets.remind_days_after)
        ):
            _tell(milestone, "project_milestone_overdue")
            Milestone.objects.filter(pk=milestone.pk).update(reminded_after=True)
            sent += 1
    return sent


def _tell(milestone: Milestone, kind: str) -> None:
    project = milestone.project
    values = {"unit": project.unit.name, "content": milestone.content[:50], "due": milestone.due_on.isoformat()}
    notify(kind, unit_recipients(project.unit_id), values=values, link=_link(project), target=project)


def tell_paid(project: Project) -> None:
    grant = project.grant
    values = {
        "unit": project.unit.name,
        "day": grant.paid_on.isoformat(),
        "amount": grant.amount,
        "voucher": grant.voucher,
    }
    notify("project_paid", unit_recipients(project.unit_id), values=values, link=_link(project), target=project)


def tell_graded(project: Project) -> None:
    follow = (
        _("请于%(day)s前完成整改并重新提交结项材料。") % {"day": project.rectify_by}
        if project.stage == "rectification"
        else ""
    )
    values = {"unit": project.unit.name, "score": project.score, "grade": project.get_grade_display(), "next": follow}
    notify("project_graded", unit_recipients(project.unit_id), values=values, link=_link(project), target=project)


def overdue_digest(since, until) -> DigestSection:
    today = timezone.localdate(until)
    found = list(
        Milestone.objects.filter(done_on__isnull=True, due_on__lt=today, project__stage="implementing")
        .select_related("project__unit", "project__call")
        .order_by("due_on", "pk")
    )
    return DigestSection(
        key="projects_overdue",
        heading=_("逾期未完成的助推项目进度节点 %(count)d 个：") % {"count": len(found)},
        lines=[f"{m.project.call.year} {m.project.unit.name}  {m.content[:30]}  {m.due_on}" for m in found],
        ids=[m.pk for m in found],
        link=reverse("projects:index"),
    )


def staff_todo_digest(since, until) -> DigestSection:
    from .services.oversight import todo_counts

    counts = todo_counts(now=until)
    lines = [f"{label}：{count}" for label, count, _url in counts if count]
    return DigestSection(
        key="projects_todo", heading=_("助推项目待办："), lines=lines, ids=[], link=reverse("projects:index")
    )
