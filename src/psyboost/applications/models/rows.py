"""The repeating tables of the form: 功能分区, 设备设施, 心理工作人员, 经费预算, 进度安排; any number of rows."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..budget import amount
from ..choices import Education, Qualification
from .application import Application

ZERO = Decimal("0")


class Row(models.Model):
    """One row of a table; ``position`` (0, 1, 2 …) is its place, shown as 序号 = position + 1."""

    position = models.PositiveIntegerField(_("序号"))
    columns: tuple[str, ...] = ()  # the filled-in columns, in the paper form's order

    class Meta:
        abstract = True
        ordering = ["application_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="%(app_label)s_%(class)s_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.position + 1}"


def _not_negative(model: str, *names: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}), name=f"{model}_{name}_not_negative"
        )
        for name in names
    ]


class FunctionalArea(Row):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="functional_areas")
    name = models.CharField(_("区域名称"), max_length=100, blank=True)
    area = models.DecimalField(
        _("面积（平米）"), max_digits=9, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    function = models.CharField(_("服务功能"), max_length=200, blank=True)
    columns = ("name", "area", "function")

    class Meta(Row.Meta):
        verbose_name = _("功能分区")
        verbose_name_plural = _("功能分区介绍")
        constraints = [*Row.Meta.constraints, *_not_negative("functional_area", "area")]


class Equipment(Row):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="equipment")
    name = models.CharField(_("设备设施名称"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("数量"), null=True, blank=True, validators=[MinValueValidator(1)])
    function = models.CharField(_("服务功能"), max_length=200, blank=True)
    investment = models.DecimalField(
        _("设备投入资金（万元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    columns = ("name", "quantity", "function", "investment")

    class Meta(Row.Meta):
        verbose_name = _("设备设施")
        verbose_name_plural = _("现有心理设备设施")
        constraints = [
            *Row.Meta.constraints,
            *_not_negative("equipment", "investment"),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=1), name="equipment_quantity_min"
            ),
        ]


class PsychWorker(Row):
    """A person doing the unit's psychological work. Personal information: see ``rules.mask_name``."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="psych_workers")
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    birth_month = models.DateField(_("出生年月"), null=True, blank=True, help_text=_("年月；日固定为1日"))
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    qualification = models.CharField(_("心理资质"), max_length=20, choices=Qualification.choices, blank=True)
    qualification_detail = models.CharField(_("心理资质（补充说明）"), max_length=100, blank=True)
    years = models.PositiveSmallIntegerField(_("心理工作年限"), null=True, blank=True)
    services = models.CharField(_("服务内容"), max_length=200, blank=True)
    columns = ("name", "birth_month", "education", "qualification", "qualification_detail", "years", "services")

    class Meta(Row.Meta):
        verbose_name = _("心理工作人员")
        verbose_name_plural = _("心理工作人员介绍")

    def save(self, *args, **kwargs):
        if self.birth_month is not None:
            self.birth_month = self.birth_month.replace(day=1)
        super().save(*args, **kwargs)


class BudgetItem(Row):
    """A line of 经费预算. 金额 is never stored: it is 单价 × 数量, computed exactly in Decimal."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_items")
    item = models.CharField(_("支出明细"), max_length=100, blank=True)
    unit_price = models.DecimalField(
        _("单价（元）"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    quantity = models.DecimalField(
        _("数量"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"), message=_("数量应大于 0。"))],
    )
    notes = models.CharField(_("说明"), max_length=200, blank=True)
    columns = ("item", "unit_price", "quantity", "notes")

    class Meta(Row.Meta):
        verbose_name = _("经费预算")
        verbose_name_plural = _("经费预算")
        constraints = [
            *Row.Meta.constraints,
            *_not_negative("budget_item", "unit_price"),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0), name="budget_item_quantity_positive"
            ),
        ]

    @property
    def amount(self) -> Decimal | None:
        """金额（元）= 单价 × 数量, exactly; None while either is missing."""
        return amount(self.unit_price, self.quantity)


class ScheduleItem(Row):
    """A line of 进度安排 (时间段, 内容), kept beside the 5、计划开展服务项目内容及进度安排 text."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="schedule_items")
    period = models.CharField(_("时间段"), max_length=100, blank=True)
    content = models.CharField(_("内容"), max_length=500, blank=True)
    columns = ("period", "content")

    class Meta(Row.Meta):
        verbose_name = _("进度安排")
        verbose_name_plural = _("进度安排")


# The tables by the name the application reaches them with, in the form's order.
ROW_MODELS: dict[str, type[Row]] = {
    "functional_areas": FunctionalArea,
    "equipment": Equipment,
    "psych_workers": PsychWorker,
    "schedule_items": ScheduleItem,
    "budget_items": BudgetItem,
}
