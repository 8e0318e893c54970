"""Who judges what, and the scores: an assignment per (application, expert, stage), one review per assignment,
one score per criterion; and the on-site exchange's sessions and slots."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .panel import Expert
from .rubric import Criterion, Stage


class Assignment(models.Model):
    """An expert asked to judge an application in a stage; made by the optimiser or by hand."""

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("自动分配")
        MANUAL = "manual", _("人工调整")

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    stage = models.CharField(_("评审环节"), max_length=20, choices=Stage.choices)
    source = models.CharField(_("分配方式"), max_length=20, choices=Source.choices, default=Source.AUTOMATIC)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        ordering = ["application_id", "stage", "expert_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert", "stage"], name="assignment_once"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="assignment_stage_known"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application_id}（{self.get_stage_display()}）"


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class Review(models.Model):
    """An expert's judgement of one assigned application in one stage. Locked once submitted; staff may reopen
    it with a logged reason. ``version`` counts saves, so a save from a stale tab is refused."""

    State = ReviewState

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    state = models.CharField(_("状态"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT)
    comment = models.TextField(_("总体评语"), blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reopen_reason = models.TextField(_("退回理由"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评审意见")
        verbose_name_plural = _("评审意见")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ReviewState.values), name="review_state_known"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False), name="review_submitted_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment}：{self.get_state_display()}"


class Score(models.Model):
    """Points for one criterion of one review, within 0 … the criterion's maximum (checked by the service and by
    the database)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(
        _("得分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        ordering = ["review_id", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.points}"


class OnsiteSession(models.Model):
    """A visit or presentation session of the on-site exchange: when, where, which experts."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="onsite_sessions")
    title = models.CharField(_("名称"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=200)
    experts = models.ManyToManyField(Expert, verbose_name=_("参加专家"), related_name="onsite_sessions", blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("现场交流场次")
        verbose_name_plural = _("现场交流场次")
        ordering = ["call_id", "starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"


class OnsiteSlot(models.Model):
    """An application's turn in a session; the unit sees its slot."""

    session = models.ForeignKey(OnsiteSession, on_delete=models.CASCADE, related_name="slots")
    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="onsite_slot")
    starts_at = models.DateTimeField(_("时间"))
    minutes = models.PositiveSmallIntegerField(_("时长（分钟）"), default=20, validators=[MinValueValidator(5)])

    class Meta:
        verbose_name = _("现场交流安排")
        verbose_name_plural = _("现场交流安排")
        ordering = ["session_id", "starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.session}：{self.application_id} {self.starts_at:%H:%M}"
