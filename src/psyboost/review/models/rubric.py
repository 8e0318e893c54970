"""What experts score: the review's stages and the rubric, criterion by criterion."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from psyboost.review.aggregation import CLOSING, MATERIALS, ONSITE


class Stage(models.TextChoices):
    MATERIALS = MATERIALS, _("材料审核")
    ONSITE = ONSITE, _("现场交流")
    CLOSING = CLOSING, _("结项评估")


class Criterion(models.Model):
    """One line of the rubric: frozen once its stage has opened."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="criteria")
    stage = models.CharField(_("评审环节"), max_length=20, choices=Stage.choices)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("评审指标"), max_length=100)
    guidance = models.TextField(_("评分说明"), blank=True)
    max_points = models.DecimalField(
        _("满分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    weight = models.DecimalField(
        _("权重"), max_digits=4, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    comment_required = models.BooleanField(_("必须填写评语"), default=False)

    class Meta:
        verbose_name = _("评审指标")
        verbose_name_plural = _("评审指标")
        ordering = ["call_id", "stage", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "stage", "name"], name="criterion_name_unique_in_stage"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_points_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="criterion_stage_known"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points}分）"
