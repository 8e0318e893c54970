"""Staff oversight: a call's projects with their figures in a fixed number of queries, counts, to-dos (the charts'
figures are in ``statistics``)."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Activity, ChangeRequest, Expense, Grant, Milestone, Project, ResourceRequest
from ..workflow import Stage
from .common import today as today_of

ZERO = Decimal("0")


def project_rows(call, *, stage: str = "", grant: str = "", now=None) -> list[dict]:
    """One row per project: stage, grant status, milestones done/overdue, spending %, activities, participants.
    Five queries whatever the number of projects."""
    day = today_of(now)
    projects = Project.objects.filter(call=call).select_related("unit", "grant").order_by("rank", "pk")
    if stage in Stage.values:
        projects = projects.filter(stage=stage)
    projects = list(projects)
    ids = [p.pk for p in projects]
    approved = dict(
        Project.objects.filter(pk__in=ids).annotate(total=Sum("budget_lines__approved")).values_list("pk", "total")
    )
    spent = dict(
        Expense.objects.filter(project__in=ids).values("project").annotate(t=Sum("amount")).values_list("project", "t")
    )
    activity = {
        row["project"]: row
        for row in Activity.objects.filter(project__in=ids)
        .values("project")
        .annotate(n=Count("id"), people=Sum("participants"))
    }
    milestones = defaultdict(lambda: [0, 0, 0])
    for project_id, due_on, done_on in Milestone.objects.filter(project__in=ids).values_list(
        "project", "due_on", "done_on"
    ):
        entry = milestones[project_id]
        entry[2] += 1
        if done_on is not None:
            entry[0] += 1
        elif due_on < day:
            entry[1] += 1
    rows = []
    for project in projects:
        total = approved.get(project.pk) or ZERO
        used = spent.get(project.pk) or ZERO
        status = project.grant.status
        if grant == "unpaid" and project.grant.paid_on is not None:
            continue
        if grant == "paid" and project.grant.paid_on is None:
            continue
        done, overdue, count = milestones[project.pk]
        rows.append(
            {
                "project": project,
                "grant_status": status,
                "milestones_done": done,
                "milestones_overdue": overdue,
                "milestones": count,
                "approved": total,
                "spent": used,
                "spent_percent": (used * 100 / total).quantize(Decimal("0.1")) if total else Decimal("0.0"),
                "activities": activity.get(project.pk, {}).get("n", 0),
                "participants": activity.get(project.pk, {}).get("people") or 0,
            }
        )
    return rows


def stage_counts(call) -> list[tuple[str, str, int]]:
    counts = Counter(Project.objects.filter(call=call).values_list("stage", flat=True))
    return [(value, str(label), counts.get(value, 0)) for value, label in Stage.choices]


def todo_counts(now=None) -> list[tuple[str, int, str]]:
    """What staff must act on, across calls: (label, count, link)."""
    day = today_of(now or timezone.now())
    index = reverse("projects:index")
    return [
        (
            _("待登记拨付"),
            Grant.objects.filter(
                paid_on__isnull=True,
                account_confirmed_at__isnull=False,
                commitment_signed_at__isnull=False,
                project__stage=Stage.AWAITING_GRANT,
            ).count(),
            index,
        ),
        (
            _("待确认到账（收据未上传）"),
            Grant.objects.filter(paid_on__isnull=False, received_confirmed_at__isnull=True).count(),
            index,
        ),
        (
            _("逾期进度节点"),
            Milestone.objects.filter(done_on__isnull=True, due_on__lt=day, project__stage=Stage.IMPLEMENTING).count(),
            index,
        ),
        (_("待审核变更申请"), ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING).count(), index),
        (_("待审核结项材料"), Project.objects.filter(stage=Stage.CLOSING_CHECK).count(), index),
        (_("待确认结项等级"), Project.objects.filter(stage=Stage.EVALUATION).count(), index),
        (
            _("待对接资源需求"),
            ResourceRequest.objects.filter(state=ResourceRequest.State.OPEN).count(),
            reverse("projects:requests"),
        ),
    ]
