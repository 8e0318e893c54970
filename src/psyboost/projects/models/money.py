"""The grant (receiving account, commitment, payment, receipt) and the spending against the budget lines."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .project import BudgetLine, Project

ZERO = Decimal("0")


def mask_account(number: str) -> str:
    """账号 as everyone but the unit and staff sees it: the last four digits only."""
    digits = (number or "").replace(" ", "")
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


class PaymentBatch(models.Model):
    """Payments staff record together, with one 拨付明细 sheet for finance."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="payment_batches")
    number = models.PositiveIntegerField(_("批次"))
    paid_on = models.DateField(_("拨付日期"))
    payer = models.CharField(_("拨付单位"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("拨付批次")
        verbose_name_plural = _("拨付批次")
        ordering = ["call_id", "number"]
        constraints = [models.UniqueConstraint(fields=["call", "number"], name="payment_batch_number_unique")]

    def __str__(self) -> str:
        return f"{self.call.year} 第{self.number}批"


class Grant(models.Model):
    """The project's 助推资金: the unit's receiving account and commitment, the payment, the receipt."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="grant")
    account_name = models.CharField(_("开户名称"), max_length=100, blank=True)
    bank = models.CharField(_("开户行"), max_length=100, blank=True)
    account_number = models.CharField(_("账号"), max_length=40, blank=True)
    account_confirmed_at = models.DateTimeField(_("账户确认时间"), null=True, blank=True)
    account_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commitment_text = models.TextField(_("资金使用承诺"), blank=True)
    commitment_signed_at = models.DateTimeField(_("承诺签署时间"), null=True, blank=True)
    commitment_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount = models.DecimalField(
        _("拨付金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)
    voucher = models.CharField(_("凭证号"), max_length=50, blank=True)
    payer = models.CharField(_("拨付单位"), max_length=100, blank=True)
    batch = models.ForeignKey(PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="grants")
    paid_recorded_at = models.DateTimeField(null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_on = models.DateField(_("到账日期"), null=True, blank=True)
    received_confirmed_at = models.DateTimeField(_("到账确认时间"), null=True, blank=True)
    receipt = models.ForeignKey(
        "projects.ProjectFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("收据"),
    )

    class Meta:
        verbose_name = _("助推资金")
        verbose_name_plural = _("助推资金")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="grant_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | (Q(amount__isnull=False) & ~Q(voucher="")), name="grant_paid_whole"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.amount or ''}"

    @property
    def masked_number(self) -> str:
        return mask_account(self.account_number)

    @property
    def ready_for_payment(self) -> bool:
        return self.account_confirmed_at is not None and self.commitment_signed_at is not None

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def status(self) -> str:
        if self.received_confirmed_at is not None:
            return str(_("已到账"))
        if self.paid_on is not None:
            return str(_("已拨付，待确认到账"))
        if self.ready_for_payment:
            return str(_("待拨付"))
        return str(_("待确认账户与承诺"))


class Expense(models.Model):
    """One expense of the project, recorded by the unit against an approved budget line."""

    class Source(models.TextChoices):
        GRANT = "grant", _("助推资金")
        OWN = "own", _("自筹")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="expenses")
    line = models.ForeignKey(BudgetLine, verbose_name=_("预算科目"), on_delete=models.PROTECT, related_name="expenses")
    spent_on = models.DateField(_("支出日期"))
    item = models.CharField(_("支出事项"), max_length=200)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    source = models.CharField(_("资金来源"), max_length=10, choices=Source.choices, default=Source.GRANT)
    payee = models.CharField(_("收款方"), max_length=200, blank=True)
    invoice_number = models.CharField(_("发票号码"), max_length=50, blank=True)
    invoice = models.ForeignKey(
        "projects.ProjectFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发票扫描件"),
    )
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("支出")
        verbose_name_plural = _("支出")
        ordering = ["project_id", "spent_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive")]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.item} {self.amount}"
