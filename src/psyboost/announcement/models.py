"""The announcement (公示) of a call's results: its texts and list, postings, corrections, objections and their
handling, changes to the list, the confirmation, and the holiday calendar for years the package does not know."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Counting(models.TextChoices):
    NATURAL = "natural", _("自然日")
    WORKING = "working", _("工作日")


class AnnouncementSettings(models.Model):
    """The call's settings for its announcement and result notices."""

    call = models.OneToOneField("calls.Call", on_delete=models.CASCADE, related_name="announcement_settings")
    counting = models.CharField(_("公示期计算方式"), max_length=10, choices=Counting.choices, default=Counting.WORKING)
    show_final_score = models.BooleanField(_("结果通知中告知单位本单位最终得分"), default=False)
    publisher = models.CharField(_("发布单位"), max_length=100, default="北京市总工会")

    class Meta:
        verbose_name = _("公示设置")
        verbose_name_plural = _("公示设置")

    def __str__(self) -> str:
        return f"{self.call_id} {self.counting}"


class Announcement(models.Model):
    """One 公示 of a call: the first, or a supplementary one after a change to the list. Public from ``starts_at``
    once published (the schedule needs nobody awake); objections are taken until ``ends_at`` (exclusive)."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("公示")
        SUPPLEMENTARY = "supplementary", _("补充公示")

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="announcements")
    kind = models.CharField(_("类别"), max_length=15, choices=Kind.choices, default=Kind.INITIAL)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    starts_at = models.DateTimeField(_("公示开始时间"))
    days = models.PositiveSmallIntegerField(_("公示天数"))
    counting = models.CharField(_("计算方式"), max_length=10, choices=Counting.choices)
    ends_at = models.DateTimeField(_("公示结束时间"), help_text=_("不含：此刻起不再受理异议"))
    publisher = models.CharField(_("发布单位"), max_length=100)
    published_on = models.DateField(_("发布日期"))
    published_at = models.DateTimeField(_("发布操作时间"), null=True, blank=True)
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    amendment = models.OneToOneField(
        "Amendment", null=True, blank=True, on_delete=models.PROTECT, related_name="announcement"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call"], condition=Q(kind="initial"), name="announcement_one_initial_per_call"
            ),
            models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="announcement_period"),
            models.CheckConstraint(condition=Q(days__gte=1), name="announcement_days_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_public(self, now) -> bool:
        return self.published_at is not None and now >= self.starts_at

    def is_open(self, now) -> bool:
        return self.is_public(now) and now < self.ends_at


class Entry(models.Model):
    """One line of an announcement's list, as published (a copy: later changes never rewrite a published list)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveSmallIntegerField(_("序号"))
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("编号"), max_length=20)
    unit_name = models.CharField(_("单位名称"), max_length=100)
    district_union = models.CharField(_("所属区/产业工会"), max_length=30)
    project_name = models.CharField(_("项目名称"), max_length=200)

    class Meta:
        ordering = ["announcement_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "position"], name="announcement_entry_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.number} {self.unit_name}"


class Correction(models.Model):
    """A correction (更正) of a published announcement: the earlier text, kept, and the reason."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="corrections")
    previous_title = models.CharField(_("原标题"), max_length=200)
    previous_body = models.TextField(_("原正文"))
    reason = models.TextField(_("更正理由"))
    at = models.DateTimeField(_("更正时间"))
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.announcement_id} {self.at:%Y-%m-%d}"


class Posting(models.Model):
    """Where and when staff posted an announcement elsewhere (the federation's site, the 12351 portal)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="postings")
    site = models.CharField(_("发布网站"), max_length=100)
    url = models.URLField(_("网址"), max_length=500)
    posted_on = models.DateField(_("发布日期"))
    screenshot = models.FileField(_("截图"), upload_to="announcement/postings/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["posted_on", "id"]

    def __str__(self) -> str:
        return f"{self.site} {self.posted_on}"


def new_receipt(year: int) -> str:
    return f"YY{year}-{secrets.token_hex(4).upper()}"


class Objection(models.Model):
    """An objection (异议) to an application on the list, by a named person or a unit (never anonymous)."""

    class Objector(models.TextChoices):
        INDIVIDUAL = "individual", _("个人")
        UNIT = "unit", _("单位")

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上")
        LETTER = "letter", _("书面")
        PHONE = "phone", _("电话")
        VISIT = "visit", _("来访")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        CHECKING = "checking", _("核查中")
        CLOSED = "closed", _("已办结")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("成立")
        PARTLY = "partly", _("部分成立")
        REJECTED = "rejected", _("不成立")

    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("异议项目"), on_delete=models.PROTECT, related_name="+"
    )
    receipt = models.CharField(_("受理编号"), max_length=30, unique=True)
    objector = models.CharField(_("异议人类别"), max_length=10, choices=Objector.choices)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit_name = models.CharField(_("单位名称"), max_length=100, blank=True)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    grounds = models.TextField(_("异议事由"))
    channel = models.CharField(_("受理渠道"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    received_at = models.DateTimeField(_("受理时间"))
    registered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey(
        USER, verbose_name=_("承办人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("核查记录"), blank=True)
    outcome = models.CharField(_("核查结论"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("结论理由"), blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["received_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(grounds=""), name="objection_grounds_required"),
            models.CheckConstraint(condition=~Q(phone=""), name="objection_phone_required"),
            models.CheckConstraint(
                condition=(Q(objector="individual") & ~Q(name="")) | (Q(objector="unit") & ~Q(unit_name="")),
                name="objection_not_anonymous",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & ~Q(reply="")), name="objection_closed_with_outcome"
            ),
        ]

    def __str__(self) -> str:
        return self.receipt

    @property
    def objector_name(self) -> str:
        return self.name if self.objector == self.Objector.INDIVIDUAL else self.unit_name


class ObjectionFile(models.Model):
    class Purpose(models.TextChoices):
        EVIDENCE = "evidence", _("证明材料")
        SEALED_LETTER = "sealed_letter", _("加盖公章的异议书")

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="files")
    purpose = models.CharField(max_length=15, choices=Purpose.choices)
    file = models.FileField(upload_to="announcement/objections/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return self.original_name


class Explanation(models.Model):
    """Staff ask the unit concerned for an explanation (情况说明); the unit answers in the platform."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="explanations")
    request = models.TextField(_("需说明的问题"))
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.TextField(_("情况说明"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.objection_id} {self.requested_at:%Y-%m-%d}"


class ExplanationFile(models.Model):
    explanation = models.ForeignKey(Explanation, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="announcement/explanations/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return self.original_name


class Amendment(models.Model):
    """A change to the panel decision's list: a project leaves (upheld objection, or the unit gives up) and the place
    is filled from the ranking (递补). The panel's phases are not reopened."""

    class Cause(models.TextChoices):
        OBJECTION = "objection", _("异议成立")
        WITHDRAWAL = "withdrawal", _("申报单位主动放弃")

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="amendments")
    removed = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    cause = models.CharField(_("原因"), max_length=15, choices=Cause.choices)
    objection = models.ForeignKey(Objection, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    statement = models.CharField(_("公示说明"), max_length=200)
    replacement = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replacement_reason = models.TextField(_("未按排名递补的理由"), blank=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["removed"], name="amendment_removes_once"),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} −{self.removed_id} +{self.replacement_id}"


class Confirmation(models.Model):
    """The results of a call, confirmed once (the unique call makes two staff at once end with one row)."""

    call = models.OneToOneField("calls.Call", on_delete=models.PROTECT, related_name="results_confirmation")
    confirmed_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    selected_count = models.PositiveSmallIntegerField()
    verification = models.CharField(max_length=32, default="", blank=True)

    def __str__(self) -> str:
        return f"{self.call_id} {self.confirmed_at:%Y-%m-%d}"


class CalendarYear(models.Model):
    """A year's official holidays and shifted working days, entered by staff for a year the package does not know."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    holidays = models.TextField(_("法定节假日（放假日期）"), help_text=_("每行一个日期，如 2027-10-01"))
    workdays = models.TextField(_("调休上班日期"), blank=True, help_text=_("每行一个日期，如 2027-09-26"))
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
