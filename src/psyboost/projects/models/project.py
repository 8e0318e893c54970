"""The funded project, its settings per call, its timeline, its plan (versions, milestones, budget lines)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..workflow import Grade, Stage

ZERO = Decimal("0")
DEFAULT_EXCLUDED = "餐费、宴请、礼品、购物卡、旅游、购置车辆、基建"
DEFAULT_COMMITMENT = (
    "本单位承诺：市总工会拨付的职工心理服务助推资金专款专用，仅用于本项目的职工心理服务，不挪作他用；"
    "按照市总工会资金拨付规定使用和管理资金，如实记录每笔支出并保存票据，接受市总工会的监督检查。"
)


class ProjectSettings(models.Model):
    """What a call decides for its funded projects: dates, the spending rule, the grade thresholds."""

    call = models.OneToOneField("calls.Call", on_delete=models.CASCADE, related_name="project_settings")
    midterm_due_on = models.DateField(_("中期报告提交日期"), null=True, blank=True)
    closing_due_on = models.DateField(_("结项材料提交截止日期"), null=True, blank=True)
    excluded_items = models.CharField(
        _("不得列支的项目"), max_length=300, default=DEFAULT_EXCLUDED, help_text=_("用顿号分隔；支出明细含这些词时提示")
    )
    commitment_text = models.TextField(_("资金使用承诺"), default=DEFAULT_COMMITMENT)
    excellent_from = models.DecimalField(
        _("优秀分数线"), max_digits=5, decimal_places=1, default=Decimal("85"), validators=[MinValueValidator(ZERO)]
    )
    pass_from = models.DecimalField(
        _("合格分数线"), max_digits=5, decimal_places=1, default=Decimal("60"), validators=[MinValueValidator(ZERO)]
    )
    reviewers_per_project = models.PositiveSmallIntegerField(
        _("每个项目的评估专家数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("节点到期前提醒（天）"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    remind_days_after = models.PositiveSmallIntegerField(
        _("节点逾期后提醒（天）"), default=1, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("项目管理设置")
        verbose_name_plural = _("项目管理设置")
        constraints = [
            models.CheckConstraint(condition=Q(pass_from__lte=models.F("excellent_from")), name="projects_grade_order")
        ]

    def __str__(self) -> str:
        return str(self.call)

    def grade_for(self, score: Decimal) -> str:
        if score >= self.excellent_from:
            return Grade.EXCELLENT
        if score >= self.pass_from:
            return Grade.PASS
        return Grade.FAIL

    def excluded_words(self) -> list[str]:
        text = self.excluded_items.replace(",", "、").replace("，", "、").replace(";", "、")
        return [word.strip() for word in text.split("、") if word.strip()]


class Project(models.Model):
    """One selected application carried out: created when the call's results are confirmed."""

    call = models.ForeignKey(
        "calls.Call", verbose_name=_("年度评选"), on_delete=models.PROTECT, related_name="projects"
    )
    unit = models.ForeignKey("calls.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="projects")
    application = models.OneToOneField(
        "applications.Application", verbose_name=_("申报"), on_delete=models.PROTECT, related_name="project"
    )
    rank = models.PositiveSmallIntegerField(_("入选排名"), default=0)
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.AWAITING_GRANT)
    starts_on = models.DateField(_("实施时间（起）"), null=True, blank=True)
    ends_on = models.DateField(_("实施时间（至）"), null=True, blank=True)
    beneficiaries = models.CharField(_("服务对象"), max_length=200, blank=True)
    beneficiary_count = models.PositiveIntegerField(_("计划服务人数"), null=True, blank=True)
    content = models.TextField(_("项目内容"), blank=True)
    expected_effects = models.TextField(_("项目预期效果"), blank=True)
    plan_version = models.PositiveIntegerField(_("计划版本"), default=1)
    score = models.DecimalField(_("结项评估得分"), max_digits=7, decimal_places=4, null=True, blank=True)
    grade = models.CharField(_("结项等级"), max_length=10, choices=Grade.choices, blank=True)
    graded_at = models.DateTimeField(_("等级确认时间"), null=True, blank=True)
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    terminated_reason = models.TextField(_("终止理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("助推项目")
        verbose_name_plural = _("助推项目")
        ordering = ["call_id", "rank", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="project_stage_known"),
            models.CheckConstraint(condition=Q(grade="") | Q(grade__in=Grade.values), name="project_grade_known"),
            models.CheckConstraint(condition=~Q(stage=Stage.CLOSED) | ~Q(grade=""), name="project_closed_graded"),
        ]

    def __str__(self) -> str:
        return f"{self.call.year} {self.unit.name}"

    @property
    def title(self) -> str:
        return _("%(unit)s职工心理服务助推项目") % {"unit": self.unit.name}

    def in_period(self, day: date) -> bool:
        return (self.starts_on is None or day >= self.starts_on) and (self.ends_on is None or day <= self.ends_on)


class StageChange(models.Model):
    """One move of the project's state machine: its timeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        ordering = ["project_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class PlanVersion(models.Model):
    """The approved plan as a whole (period, milestones, budget lines, effects), never changed: version 1 is the
    baseline from the submitted application, each approved change request adds the next."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("版本"))
    data = models.JSONField(_("内容"), default=dict)
    reason = models.TextField(_("变更理由"), blank=True)
    created_at = models.DateTimeField(_("生效时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("实施计划版本")
        verbose_name_plural = _("实施计划版本")
        ordering = ["project_id", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.project} v{self.number}"


class Milestone(models.Model):
    """A line of the plan's 进度安排 with its due date; done once the unit says so."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未开始")
        IN_PROGRESS = "in_progress", _("进行中")
        DONE = "done", _("已完成")
        OVERDUE = "overdue", _("逾期")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveIntegerField(_("序号"))
    period = models.CharField(_("时间段"), max_length=100, blank=True)
    content = models.CharField(_("内容"), max_length=500)
    due_on = models.DateField(_("完成期限"))
    started_on = models.DateField(_("开始日期"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    reminded_before = models.BooleanField(default=False)
    reminded_after = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("进度节点")
        verbose_name_plural = _("进度节点")
        ordering = ["project_id", "position"]
        constraints = [models.UniqueConstraint(fields=["project", "position"], name="milestone_position_unique")]

    def __str__(self) -> str:
        return self.content

    def status_on(self, today: date) -> str:
        if self.done_on is not None:
            return self.Status.DONE
        if self.due_on < today:
            return self.Status.OVERDUE
        if self.started_on is not None and self.started_on <= today:
            return self.Status.IN_PROGRESS
        return self.Status.NOT_STARTED


class BudgetLine(models.Model):
    """A line of the approved 经费预算: what the unit's expenses are recorded against."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveIntegerField(_("序号"))
    item = models.CharField(_("支出明细"), max_length=100)
    approved = models.DecimalField(
        _("预算金额（元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    notes = models.CharField(_("说明"), max_length=200, blank=True)
    withdrawn = models.BooleanField(_("已在变更中取消"), default=False)

    class Meta:
        verbose_name = _("预算科目")
        verbose_name_plural = _("预算科目")
        ordering = ["project_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="budget_line_position_unique"),
            models.CheckConstraint(condition=Q(approved__gte=0), name="budget_line_approved_not_negative"),
        ]

    def __str__(self) -> str:
        return self.item
