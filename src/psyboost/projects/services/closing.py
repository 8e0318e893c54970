"""Closing materials: the unit submits its report (figures computed from its activity and spending records, a
warning when milestones are still open), staff accept it (on to the evaluation) or return it with a reason."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ClosingReport, FileKind, Milestone, Project
from ..workflow import Stage
from .activities import activity_totals
from .common import ProjectRefused, move, optional_text, refuse, required_text, today
from .spending import accounts_of


def figures_of(project: Project) -> dict:
    return {"activities": activity_totals(project.activities.all()), "accounts": accounts_of(project).as_json()}


def open_milestones(project: Project) -> list[Milestone]:
    return list(project.milestones.filter(done_on__isnull=True).order_by("position"))


@transaction.atomic
def submit_closing(project: Project, actor, *, goals, effects, problems="", now=None) -> ClosingReport:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.stage not in (Stage.IMPLEMENTING, Stage.RECTIFICATION):
        refuse("__all__", _("项目“%(stage)s”，不能提交结项材料。") % {"stage": project.get_stage_display()})
    errors, values = {}, {}
    for name, parse in (
        ("goals", lambda: required_text(goals, "goals", 10000, _("请填写目标完成情况。"))),
        ("effects", lambda: required_text(effects, "effects", 10000, _("请填写成效与经验。"))),
        ("problems", lambda: optional_text(problems, "problems", 10000)),
    ):
        try:
            values[name] = parse()
        except ProjectRefused as refusal:
            errors.update(refusal.errors)
    if not project.files.filter(kind=FileKind.CLOSING_FORM).exists():
        errors["closing_form"] = _("请先上传签字盖章的结项表扫描件。")
    if errors:
        raise ProjectRefused(_("结项材料未提交，请按提示修改。"), errors)
    warnings = []
    unfinished = open_milestones(project)
    if unfinished:
        warnings.append(
            _("尚有 %(count)d 个进度节点未完成（%(names)s），已按现状提交。")
            % {"count": len(unfinished), "names": "、".join(m.content[:20] for m in unfinished)}
        )
    moment = now or timezone.now()
    report, _created = ClosingReport.objects.get_or_create(project=project, defaults={**values})
    for name, value in values.items():
        setattr(report, name, value)
    report.figures, report.warnings = figures_of(project), warnings
    report.submitted_at, report.submitted_by, report.return_reason = moment, actor, ""
    report.rounds += 1
    report.save()
    move(project, Stage.CLOSING_CHECK, actor, warnings=warnings)
    return report


@transaction.atomic
def check_closing(project: Project, actor, *, accept: bool, reason: str = "", now=None) -> ClosingReport:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.stage != Stage.CLOSING_CHECK:
        refuse("__all__", _("项目“%(stage)s”，没有待审核的结项材料。") % {"stage": project.get_stage_display()})
    report = ClosingReport.objects.select_for_update().get(project=project)
    if accept:
        move(project, Stage.EVALUATION, actor)
        report.accepted_at = now or timezone.now()
        report.save(update_fields=["accepted_at"])
        from .evaluation import reopen_for_reevaluation

        reopen_for_reevaluation(project, actor)
    else:
        move(project, Stage.IMPLEMENTING, actor, reason)
        report.return_reason = reason.strip()
        report.save(update_fields=["return_reason"])
    return report


__all__ = ["check_closing", "figures_of", "open_milestones", "refuse", "submit_closing", "today"]
