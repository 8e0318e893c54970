import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVING = "receiving", _("上传中")
    CHECKING = "checking", _("检查中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("未通过")
    CANCELLED = "cancelled", _("已取消")
    EXPIRED = "expired", _("已过期")


class Upload(models.Model):
    """One file on its way in (a tus upload session), and what became of it.

    While receiving, its bytes are in a temporary file on local disk (``temp_path``); when complete and checked they
    go to the default storage under ``storage_name`` and the purpose's finisher is called once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.CASCADE, related_name="uploads"
    )
    purpose = models.CharField(_("用途"), max_length=50)
    target_id = models.CharField(_("所属对象"), max_length=64, blank=True)
    kind = models.CharField(_("类别"), max_length=30)
    length = models.PositiveBigIntegerField(_("文件大小（字节）"))
    offset = models.PositiveBigIntegerField(_("已接收（字节）"), default=0)
    original_name = models.CharField(_("原文件名"), max_length=255)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.RECEIVING, db_index=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    storage_name = models.CharField(_("存储名"), max_length=255, blank=True)
    error = models.TextField(_("未通过原因"), blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    created_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)

    class Meta:
        verbose_name = _("上传")
        verbose_name_plural = _("上传")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "state"])]
        constraints = [
            models.CheckConstraint(condition=Q(length__gt=0), name="upload_length_positive"),
            models.CheckConstraint(condition=Q(offset__lte=F("length")), name="upload_offset_within_length"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"
