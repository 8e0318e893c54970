"""Implementation: activity records, the mid-term report, change requests to the plan."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .project import PlanVersion, Project


class ServiceType(models.TextChoices):
    LECTURE = "lecture", _("讲座")
    GROUP = "group", _("团体辅导")
    INDIVIDUAL = "individual", _("个体咨询")
    EAP = "eap", _("EAP")
    ASSESSMENT = "assessment", _("心理测评")
    SUPERVISION = "supervision", _("督导培训")
    OTHER = "other", _("其他")


class Activity(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    held_on = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=ServiceType.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    target_group = models.CharField(_("服务对象"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("参加人数"), validators=[MinValueValidator(0)])
    place = models.CharField(_("地点"), max_length=200, blank=True)
    provider = models.ForeignKey(
        "projects.Provider",
        verbose_name=_("服务机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    summary = models.TextField(_("活动概述"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["project_id", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class MidtermReport(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="midterm")
    progress = models.TextField(_("项目进展"))
    problems = models.TextField(_("存在问题与下一步计划"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    staff_comment = models.TextField(_("工作人员意见"), blank=True)
    commented_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("中期报告")
        verbose_name_plural = _("中期报告")

    def __str__(self) -> str:
        return f"{self.project} 中期报告"


class ChangeRequest(models.Model):
    class Kind(models.TextChoices):
        SCHEDULE = "schedule", _("进度安排")
        BUDGET = "budget", _("预算科目")
        CONTENT = "content", _("项目内容")

    class State(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_requests")
    kind = models.CharField(_("变更类型"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("变更理由"))
    proposed = models.JSONField(_("变更后内容"), default=dict)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)
    version = models.OneToOneField(
        PlanVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="change_request"
    )

    class Meta:
        verbose_name = _("变更申请")
        verbose_name_plural = _("变更申请")
        ordering = ["project_id", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(state="pending"), name="change_request_one_pending_per_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()}"
