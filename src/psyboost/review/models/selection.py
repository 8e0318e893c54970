"""The outcome: which applications are selected (入选), against the ranking and the quota, and the panel's
decision that confirms it."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .panel import Expert


class Selection(models.Model):
    """One application's place in the final list: its rank when selected, and why staff departed from the
    ranking (required when ``overridden``)."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, related_name="selection")
    rank = models.PositiveIntegerField(_("排名"))
    final_score = models.DecimalField(_("最终得分"), max_digits=9, decimal_places=4, default=Decimal("0"))
    selected = models.BooleanField(_("入选"), default=False)
    overridden = models.BooleanField(_("调整排名结果"), default=False)
    reason = models.TextField(_("调整理由"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("入选结果")
        verbose_name_plural = _("入选结果")
        ordering = ["rank", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(overridden=False) | ~Q(reason=""), name="selection_override_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.application_id}{'（入选）' if self.selected else ''}"


class Decision(models.Model):
    """The panel's decision confirming the selection of a call: date, members present, minutes."""

    call = models.OneToOneField("calls.Call", on_delete=models.PROTECT, related_name="review_decision")
    decided_on = models.DateField(_("决定日期"))
    members = models.ManyToManyField(Expert, verbose_name=_("出席成员"), related_name="decisions")
    minutes = models.TextField(_("会议纪要"), blank=True)
    selected_count = models.PositiveSmallIntegerField(_("入选数量"))
    grant_total = models.DecimalField(_("助推资金总额（元）"), max_digits=12, decimal_places=2)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评审决定")
        verbose_name_plural = _("评审决定")

    def __str__(self) -> str:
        return f"{self.call.year} {self.decided_on}"


class RankingLook(models.Model):
    """The ranking as a staff member last saw it (application id → rank), so the page shows what changed since."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ranks = models.JSONField(default=dict)
    looked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="ranking_look_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.call} · {self.looked_at:%Y-%m-%d %H:%M}"
