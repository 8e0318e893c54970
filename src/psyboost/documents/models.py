"""Rendered printed forms kept in storage, so that a batch rendered in the background is served without waiting."""

import os

from django.db import models
from django.utils.translation import gettext_lazy as _


def rendered_upload_to(instance: "RenderedDocument", filename: str) -> str:
    application = instance.application
    extension = os.path.splitext(filename)[1] or f".{instance.kind}"
    return os.path.join(
        "documents", str(application.call.year), str(application.pk), f"{instance.fingerprint[:32]}{extension}"
    )


class RenderedDocument(models.Model):
    """One rendering of an application's printed form. ``fingerprint`` hashes everything printed (``printing``), so
    any change to the form (a draft save, the 编号 given on submission, a renamed unit) makes it stale."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="rendered_documents"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.PDF)
    version = models.PositiveIntegerField(_("草稿版本"), help_text=_("渲染时申报的草稿版本"))
    fingerprint = models.CharField(_("内容指纹"), max_length=64)
    file = models.FileField(_("文件"), upload_to=rendered_upload_to, max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    rendered_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已生成的申报表")
        verbose_name_plural = _("已生成的申报表")
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="rendered_document_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} v{self.version}"


def package_upload_to(instance: "BuiltPackage", filename: str) -> str:
    application = instance.application
    return os.path.join("packages", str(application.call.year), str(application.pk), f"{instance.fingerprint[:32]}.zip")


class BuiltPackage(models.Model):
    """The 申报材料 ZIP of an application, built once in the background when its attachments are large
    (``packages``). ``fingerprint`` hashes the printed form and the list of attachments: a change makes it stale,
    and the next download builds it again."""

    class State(models.TextChoices):
        BUILDING = "building", _("正在生成")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="built_package"
    )
    fingerprint = models.CharField(_("内容指纹"), max_length=64)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.BUILDING)
    total_bytes = models.PositiveBigIntegerField(_("总大小（字节）"), default=0)
    done_bytes = models.PositiveBigIntegerField(_("已写入（字节）"), default=0)
    file = models.FileField(_("文件"), upload_to=package_upload_to, max_length=255, blank=True)
    requested_at = models.DateTimeField(_("请求时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申报材料压缩包")
        verbose_name_plural = _("申报材料压缩包")

    def __str__(self) -> str:
        return f"{self.application_id} {self.state}"

    @property
    def percent(self) -> int:
        return min(100, self.done_bytes * 100 // self.total_bytes) if self.total_bytes else 0
