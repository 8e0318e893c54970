"""How a call is reviewed: its phases (the review's progression) and its settings (reviewers per application,
shortlist, aggregation, stage weights)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from psyboost.review.aggregation import MEAN, MEDIAN, TRIMMED_MEAN

from .rubric import Stage


class ReviewPhase(models.TextChoices):
    """In process order. Staff move a call forward (and, with a logged reason, one step back)."""

    PREPARING = "preparing", _("评审准备")
    MATERIALS = "materials", _("材料审核进行中")
    SHORTLIST = "shortlist", _("材料审核已结束（确定入围）")
    ONSITE = "onsite", _("现场交流进行中")
    DECISION = "decision", _("现场交流已结束（评审决定）")
    DECIDED = "decided", _("入选名单已确定")


PHASE_ORDER = list(ReviewPhase.values)
# The stage whose scores experts enter while the call is in this phase.
OPEN_STAGE = {ReviewPhase.MATERIALS: Stage.MATERIALS, ReviewPhase.ONSITE: Stage.ONSITE}


class Method(models.TextChoices):
    MEAN = MEAN, _("算术平均")
    MEDIAN = MEDIAN, _("中位数")
    TRIMMED_MEAN = TRIMMED_MEAN, _("去掉一个最高分和一个最低分后平均（不少于5个评分时）")


class ReviewSettings(models.Model):
    """One per call; created with defaults when the review is first set up."""

    call = models.OneToOneField("calls.Call", on_delete=models.CASCADE, related_name="review_settings")
    phase = models.CharField(_("评审阶段"), max_length=20, choices=ReviewPhase.choices, default=ReviewPhase.PREPARING)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("每份申报的评审专家数"), default=3, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    shortlist_size = models.PositiveSmallIntegerField(
        _("入围现场交流的数量"), default=60, validators=[MinValueValidator(1)]
    )
    method = models.CharField(_("汇总方法"), max_length=20, choices=Method.choices, default=Method.TRIMMED_MEAN)
    normalise = models.BooleanField(_("按专家标准化（z 分数）"), default=False, help_text=_("校正评分偏宽或偏严的专家"))
    materials_weight = models.DecimalField(
        _("材料审核权重"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    onsite_weight = models.DecimalField(
        _("现场交流权重"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.40"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
    )
    same_district_conflicts = models.BooleanField(
        _("同区（产业）工会视为利益冲突"), default=False, help_text=_("开启后，专家不评审与其同区的单位")
    )
    materials_opens_on = models.DateField(_("材料审核开始日期"), null=True, blank=True)
    materials_closes_on = models.DateField(_("材料审核结束日期"), null=True, blank=True)
    onsite_opens_on = models.DateField(_("现场交流开始日期"), null=True, blank=True)
    onsite_closes_on = models.DateField(_("现场交流结束日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("评审设置")
        verbose_name_plural = _("评审设置")
        constraints = [
            models.CheckConstraint(condition=Q(phase__in=ReviewPhase.values), name="review_settings_phase_known"),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="review_settings_method_known"),
        ]

    def __str__(self) -> str:
        return f"{self.call} {self.get_phase_display()}"

    @property
    def open_stage(self) -> str | None:
        return OPEN_STAGE.get(self.phase)

    def has_reached(self, phase: str) -> bool:
        return PHASE_ORDER.index(self.phase) >= PHASE_ORDER.index(phase)

    def stage_closed(self, stage: str) -> bool:
        """Whether the panel may see all scores of ``stage``: its phase is over."""
        return self.has_reached(ReviewPhase.SHORTLIST if stage == Stage.MATERIALS else ReviewPhase.DECISION)
