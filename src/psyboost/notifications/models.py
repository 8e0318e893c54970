"""In-app notices, and the record of each daily digest sent to staff."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One message to one user: what happened (to their application, their project, …), with a link to it.

    ``created_at`` is the moment of the event (the workflow transition), not of the row: that is what the user reads.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notices"
    )
    event = models.CharField(_("类别"), max_length=30, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Digest(models.Model):
    """The staff digest of one day (Beijing date): sent at most once a day, whatever runs the command."""

    day = models.DateField(_("日期"), unique=True)
    since = models.DateTimeField(_("起始时间"))
    until = models.DateTimeField(_("截止时间"))
    items = models.JSONField(_("汇总事项"), default=dict, help_text=_("每部分的对象编号"))
    emails_sent = models.PositiveIntegerField(_("发送邮件数"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("每日汇总")
        verbose_name_plural = _("每日汇总")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.item_count}"

    @property
    def item_count(self) -> int:
        return sum(len(ids) for ids in self.items.values())
