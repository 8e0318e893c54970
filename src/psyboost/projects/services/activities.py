"""Activity records (dated within the project period) and the mid-term report with staff comments."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record

from ..files import ACTIVITY_KINDS
from ..models import Activity, MidtermReport, Project, ProjectFile, Provider, ServiceType
from ..workflow import Stage
from .common import ProjectRefused, optional_text, parse_date, refuse, required_text

RECORDING_STAGES = (Stage.IMPLEMENTING, Stage.CLOSING_CHECK, Stage.RECTIFICATION)


@transaction.atomic
def record_activity(
    project: Project,
    actor,
    *,
    held_on,
    kind,
    title,
    participants,
    target_group="",
    place="",
    provider_id="",
    summary="",
) -> Activity:
    if project.stage not in RECORDING_STAGES:
        refuse("__all__", _("项目“%(stage)s”，不能登记活动。") % {"stage": project.get_stage_display()})
    errors, values = {}, {}
    for name, parse in (
        ("held_on", lambda: parse_date(held_on, "held_on")),
        ("title", lambda: required_text(title, "title", 200, _("请填写活动名称。"))),
        ("target_group", lambda: optional_text(target_group, "target_group", 200)),
        ("place", lambda: optional_text(place, "place", 200)),
        ("summary", lambda: optional_text(summary, "summary", 5000)),
    ):
        try:
            values[name] = parse()
        except ProjectRefused as refusal:
            errors.update(refusal.errors)
    if "held_on" in values and not project.in_period(values["held_on"]):
        errors["held_on"] = _("活动日期应在项目实施期内（%(start)s 至 %(end)s）。") % {
            "start": project.starts_on,
            "end": project.ends_on,
        }
    if kind not in ServiceType.values:
        errors["kind"] = _("请选择活动类型。")
    text = str(participants or "").strip()
    if not text.isdigit():
        errors["participants"] = _("参加人数应为不小于 0 的整数。")
    elif int(text) > 1000000:
        errors["participants"] = _("参加人数过大，请核对。")
    provider = None
    if str(provider_id or "").strip():
        provider = Provider.objects.filter(pk=int(provider_id)).first() if str(provider_id).isdigit() else None
        if provider is None:
            errors["provider"] = _("该服务机构不存在，请从列表中选择。")
    if errors:
        raise ProjectRefused(_("活动记录未保存，请按提示修改。"), errors)
    activity = Activity.objects.create(
        project=project, kind=kind, participants=int(text), provider=provider, recorded_by=actor, **values
    )
    record(actor, "projects.activity_recorded", project, activity=activity.pk, title=activity.title)
    return activity


@transaction.atomic
def submit_midterm(project: Project, actor, *, progress, problems="", now=None) -> MidtermReport:
    if project.stage != Stage.IMPLEMENTING:
        refuse("__all__", _("项目“%(stage)s”，不能提交中期报告。") % {"stage": project.get_stage_display()})
    text = required_text(progress, "progress", 10000, _("请填写项目进展。"))
    rest = optional_text(problems, "problems", 10000)
    report, _created = MidtermReport.objects.update_or_create(
        project=project,
        defaults={"progress": text, "problems": rest, "submitted_at": now or timezone.now(), "submitted_by": actor},
    )
    record(actor, "projects.midterm_submitted", project)
    return report


@transaction.atomic
def comment_midterm(report: MidtermReport, actor, *, comment, now=None) -> MidtermReport:
    report.staff_comment = required_text(comment, "comment", 5000, _("请填写意见。"))
    report.commented_at = now or timezone.now()
    report.save(update_fields=["staff_comment", "commented_at"])
    record(actor, "projects.midterm_commented", report.project, comment=report.staff_comment)
    return report


def activity_totals(activities) -> dict:
    """Count, participants, and both by type: what the closing report shows, from the records."""
    by_type = {}
    for activity in activities:
        entry = by_type.setdefault(
            activity.kind, {"label": str(ServiceType(activity.kind).label), "count": 0, "participants": 0}
        )
        entry["count"] += 1
        entry["participants"] += activity.participants
    return {
        "count": sum(entry["count"] for entry in by_type.values()),
        "participants": sum(entry["participants"] for entry in by_type.values()),
        "by_type": [by_type[key] for key in ServiceType.values if key in by_type],
    }


@transaction.atomic
def attach_files(activity: Activity, actor, items) -> int:
    """Attach files already uploaded to the project (photos, videos, sign-in sheets not yet in an activity)."""
    chosen = [item.pk for item in items if item.kind in ACTIVITY_KINDS and item.project_id == activity.project_id]
    count = ProjectFile.objects.filter(pk__in=chosen, activity__isnull=True).update(activity=activity)
    if count:
        record(actor, "projects.activity_files_attached", activity.project, activity=activity.pk, files=chosen)
    return count
