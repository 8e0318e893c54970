"""The closing materials the unit submits, with the figures computed from its records when it submits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .project import Project


class ClosingReport(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="closing_report")
    goals = models.TextField(_("目标完成情况"))
    effects = models.TextField(_("成效与经验"))
    problems = models.TextField(_("存在问题与改进"), blank=True)
    figures = models.JSONField(_("活动与经费汇总"), default=dict)
    warnings = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    return_reason = models.TextField(_("退回理由"), blank=True)
    accepted_at = models.DateTimeField(_("审核通过时间"), null=True, blank=True)
    rounds = models.PositiveSmallIntegerField(_("提交次数"), default=0)

    class Meta:
        verbose_name = _("结项材料")
        verbose_name_plural = _("结项材料")

    def __str__(self) -> str:
        return f"{self.project} 结项材料"
