"""The project's files (photos, videos, sign-in sheets, receipts, invoices, closing scans), from the upload engine."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .project import Project


def project_file_path(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"projects/{instance.project_id}/{uuid.uuid4().hex}{extension}"


class FileKind(models.TextChoices):
    ACTIVITY_PHOTO = "activity_photo", _("活动照片")
    ACTIVITY_VIDEO = "activity_video", _("活动短视频")
    SIGN_IN_SHEET = "sign_in_sheet", _("签到表")
    RECEIPT_SCAN = "receipt_scan", _("收款收据扫描件")
    INVOICE_SCAN = "invoice_scan", _("发票扫描件")
    CLOSING_PHOTO = "closing_photo", _("结项照片")
    CLOSING_VIDEO = "closing_video", _("结项视频")
    CLOSING_FORM = "closing_form", _("结项表（签字盖章扫描件）")


class ProjectFile(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("类别"), max_length=20, choices=FileKind.choices)
    activity = models.ForeignKey(
        "projects.Activity", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(upload_to=project_file_path, max_length=255)
    original_name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小"))
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("项目文件")
        verbose_name_plural = _("项目文件")
        ordering = ["project_id", "kind", "uploaded_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=FileKind.values), name="project_file_kind")]

    def __str__(self) -> str:
        return self.original_name
