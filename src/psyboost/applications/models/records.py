"""What happens around an application: the timeline, the frozen versions, extensions, the paper copy, the files."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import AttachmentKind
from ..workflow import State
from .application import Application


class Transition(models.Model):
    """One move of the workflow: who, when, from, to, why. Shown as the application's timeline."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)
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
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["application_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Version(models.Model):
    """The form exactly as submitted (fields, rows, attachment list): kept for every submission, never changed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("内容"), default=dict)

    class Meta:
        verbose_name = _("提交版本")
        verbose_name_plural = _("提交版本")
        ordering = ["application_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.application} 第{self.number}版"


class Extension(models.Model):
    """A later deadline staff granted one unit in one call, with the reason. The latest one granted counts."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="extensions")
    unit = models.ForeignKey("calls.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="extensions")
    until = models.DateTimeField(_("延期至"))
    reason = models.TextField(_("延期理由"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("批准时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("延期")
        verbose_name_plural = _("延期")
        ordering = ["call_id", "unit_id", "granted_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="extension_reason_required")]

    def __str__(self) -> str:
        return f"{self.unit} → {self.until:%Y-%m-%d %H:%M}"


class ExtensionRequest(models.Model):
    """A unit asks for a later deadline (延期申请) with its reason; staff grant it (an ``Extension``) or decline it
    with a reason. At most one request of a unit in a call is pending."""

    class State(models.TextChoices):
        PENDING = "pending", _("待处理")
        GRANTED = "granted", _("已批准")
        DECLINED = "declined", _("未批准")

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="extension_requests")
    unit = models.ForeignKey(
        "calls.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="extension_requests"
    )
    asked_until = models.DateTimeField(_("申请延期至"))
    reason = models.TextField(_("申请理由"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(_("申请时间"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("处理人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    extension = models.ForeignKey(
        Extension, verbose_name=_("批准的延期"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="extension_request_reason_required"),
            models.UniqueConstraint(
                fields=["call", "unit"], condition=Q(state="pending"), name="extension_request_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.asked_until:%Y-%m-%d %H:%M}（{self.get_state_display()}）"


class PaperCopy(models.Model):
    """The printed, signed form as it arrived at the federation, and whether both seals are on it."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="paper_copy")
    received_on = models.DateField(_("纸质版收到日期"))
    has_unit_seal = models.BooleanField(_("加盖单位公章"), default=False)
    has_union_seal = models.BooleanField(_("加盖本级工会公章"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now=True)

    class Meta:
        verbose_name = _("纸质版")
        verbose_name_plural = _("纸质版")

    def __str__(self) -> str:
        return f"{self.application} {self.received_on}"

    @property
    def has_both_seals(self) -> bool:
        return self.has_unit_seal and self.has_union_seal


# The extension a stored file gets, from its checked content type. The user's file name is never used.
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "application/pdf": ".pdf",
}


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    """A generated path: applications/<year>/<application id>/<kind>/<random hex><ext from the content type>."""
    extension = EXTENSIONS.get(instance.content_type, "")
    application = instance.application
    return os.path.join(
        "applications", str(application.call.year), str(application.pk), instance.kind, uuid.uuid4().hex + extension
    )


class Attachment(models.Model):
    """A file of the application: photos, videos, screenshots, the signed page scan. Uploading is done elsewhere."""

    Kind = AttachmentKind

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("类别"), max_length=20, choices=AttachmentKind.choices, db_index=True)
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件类型"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["application_id", "kind", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AttachmentKind.values), name="attachment_kind_known"),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"
