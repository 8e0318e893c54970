"""Review results kept between requests: a per-call revision of the ranking's inputs, and the results computed at
a revision (``review.services.stored``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultsRevision(models.Model):
    """Names the state of what the call's results are computed from (submitted scores, reviews, assignments,
    conflicts, criteria, review settings): a new random value with every change, in the same transaction."""

    call = models.OneToOneField("calls.Call", on_delete=models.CASCADE, primary_key=True, related_name="+")
    revision = models.PositiveBigIntegerField(_("修订号"), default=0)

    class Meta:
        verbose_name = _("评审结果修订号")
        verbose_name_plural = _("评审结果修订号")

    def __str__(self) -> str:
        return f"{self.call_id} r{self.revision}"


class StoredResult(models.Model):
    """One computed result (e.g. the ranking) of a call, valid while the call's revision equals ``revision``."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("名称"), max_length=60)
    revision = models.PositiveBigIntegerField(_("修订号"))
    payload = models.BinaryField(_("内容"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("已计算的评审结果")
        verbose_name_plural = _("已计算的评审结果")
        constraints = [models.UniqueConstraint(fields=["call", "name"], name="stored_result_one_per_name")]

    def __str__(self) -> str:
        return f"{self.call_id} {self.name} r{self.revision}"
