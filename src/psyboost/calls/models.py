from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import districts
from .lifecycle import Status


class Call(models.Model):
    """One yearly round: its rules, dates, quota and grant. Everything the notice says is a field here."""

    Status = Status

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    edition = models.CharField(_("申报表版本"), max_length=20, help_text=_("例如：2020版"))
    form_issued_on = models.DateField(
        _("申报表制表日期"),
        null=True,
        blank=True,
        help_text=_("印在申报表封面“北京市职工服务中心制表”之下，只印年月（如2020年6月）；不填则取开始申报时间的年月"),
    )
    opens_at = models.DateTimeField(_("开始申报时间"))
    deadline = models.DateTimeField(_("申报截止时间"), help_text=_("北京时间；截止后不再接受提交"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMISSION)
    quota = models.PositiveSmallIntegerField(_("入选名额"), default=40, validators=[MinValueValidator(1)])
    grant_amount = models.DecimalField(
        _("每个项目助推资金（元）"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("20000.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    announcement_days = models.PositiveSmallIntegerField(
        _("公示天数"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    paper_copy_required = models.BooleanField(
        _("受理须有纸质版"),
        default=True,
        help_text=_("勾选后，须收到同时加盖单位公章和本级工会公章的纸质版申报表才能受理"),
    )
    named_year_from = models.PositiveSmallIntegerField(_("命名年份起"), default=2015)
    named_year_to = models.PositiveSmallIntegerField(_("命名年份止"), default=2019)
    implementation_start = models.DateField(_("项目实施期起"), null=True, blank=True)
    implementation_end = models.DateField(_("项目实施期止"), null=True, blank=True)
    contact_people = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phones = models.CharField(_("联系电话"), max_length=100, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    contact_postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度评选")
        verbose_name_plural = _("年度评选")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(opens_at__lt=models.F("deadline")), name="call_opens_before_deadline"),
            models.CheckConstraint(
                condition=Q(named_year_from__lte=models.F("named_year_to")), name="call_named_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def form_issue_month(self):
        """The month printed on the form's cover: ``form_issued_on``, or the month the call opens (Beijing time)."""
        if self.form_issued_on is not None:
            return self.form_issued_on.replace(day=1)
        return timezone.localtime(self.opens_at).date().replace(day=1)

    @property
    def grant_total(self) -> Decimal:
        return self.grant_amount * self.quota

    def admits(self, unit) -> bool:
        """The eligibility rule of the notice: an active unit named in any year of the call's range."""
        return unit.is_active and any(self.named_year_from <= year <= self.named_year_to for year in unit.named_years)

    @property
    def eligible_units(self):
        """The same rule as ``admits``, as a query over the registry."""
        named = UnitNaming.objects.filter(
            unit=models.OuterRef("pk"), year__gte=self.named_year_from, year__lte=self.named_year_to
        )
        return Unit.objects.filter(models.Exists(named), is_active=True)


class Unit(models.Model):
    """A unit of the eligible-unit registry: once named 职工心灵驿站 by the federation."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    district_union = models.CharField(_("所属区/产业工会"), max_length=30, choices=districts.CHOICES, db_index=True)
    parent_union = models.CharField(_("上级工会名称"), max_length=100)
    # The latest year a registry file named the unit in; every year it was named in is a ``UnitNaming``.
    named_year = models.PositiveSmallIntegerField(_("命名年份"), db_index=True)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        db_index=True,
        help_text=_("可选；用于跨年度导入时识别同一单位"),
    )
    former_names = models.TextField(_("曾用名"), blank=True, help_text=_("每行一个，按改名先后"))
    is_active = models.BooleanField(_("有效"), default=True)
    deactivation_reason = models.TextField(_("停用理由"), blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("已合并到"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    address = models.CharField(_("单位地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位名录")
        ordering = ["district_union", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.named_year:  # the year a form or a factory gives is one of the unit's named years
            UnitNaming.objects.get_or_create(unit=self, year=self.named_year)

    @property
    def named_years(self) -> list[int]:
        cached = getattr(self, "_prefetched_objects_cache", {}).get("namings")
        if cached is not None:
            return sorted(naming.year for naming in cached)
        return list(self.namings.order_by("year").values_list("year", flat=True))

    @property
    def former_name_list(self) -> list[str]:
        return [name for name in self.former_names.splitlines() if name.strip()]


class UnitNaming(models.Model):
    """One year the unit was named 职工心灵驿站: a unit may be named in several years."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="namings")
    year = models.PositiveSmallIntegerField(_("命名年份"))

    class Meta:
        verbose_name = _("命名年份")
        verbose_name_plural = _("命名年份")
        ordering = ["unit_id", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_naming_once_a_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class UnitImport(models.Model):
    """An uploaded registry file, checked and waiting for staff to confirm it (or already applied)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        APPLIED = "applied", _("已导入")
        CANCELLED = "cancelled", _("已取消")

    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("文件名"), max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    rows = models.JSONField(default=list, help_text="Normalised rows, as parsed; applied on confirmation.")
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename


class CallStep(models.Model):
    """One move of a call's life cycle (``Call.status``), made by the service of a step: the timeline of real dates
    the public notice shows."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices)
    at = models.DateTimeField(_("时间"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("年度评选进程")
        verbose_name_plural = _("年度评选进程")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.call.year} {self.from_status} → {self.to_status}"
