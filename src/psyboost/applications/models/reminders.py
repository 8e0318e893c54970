"""A reminder staff sent a unit that has not handed in its application: one per unit, call and (Beijing) day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey("calls.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField(_("提醒日期"))
    sent_at = models.DateTimeField(_("提醒时间"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发送人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)

    class Meta:
        verbose_name = _("申报提醒")
        verbose_name_plural = _("申报提醒")
        ordering = ["call_id", "unit_id", "-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "unit", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.sent_on}"
