"""The application: the header, sections 一 to 四 and the sign-off of 申报表（2020版）, one field per label.

Every form field may be empty while the application is a draft; ``checks`` says what is missing. The database keeps
only what can never be right (a negative count, a share over 100 %, a submitted application without a number).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from psyboost.calls import districts

from ..choices import YES_NO, UnitNature
from ..workflow import EDITABLE_STATES, State

ZERO = Decimal("0")


def _count(label, minimum=0):
    return models.PositiveIntegerField(label, null=True, blank=True, validators=[MinValueValidator(minimum)])


def _decimal(label, max_digits, places, maximum=None):
    validators = [MinValueValidator(ZERO)]
    if maximum is not None:
        validators.append(MaxValueValidator(maximum))
    return models.DecimalField(
        label, max_digits=max_digits, decimal_places=places, null=True, blank=True, validators=validators
    )


def _text(label, max_length):
    return models.CharField(label, max_length=max_length, blank=True)


def _yes_no(label):
    return models.BooleanField(label, null=True, blank=True, choices=YES_NO)


class Application(models.Model):
    """A unit's answer to a call. One per unit and call."""

    call = models.ForeignKey(
        "calls.Call", verbose_name=_("年度评选"), on_delete=models.PROTECT, related_name="applications"
    )
    unit = models.ForeignKey(
        "calls.Unit", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="applications"
    )
    number = models.PositiveIntegerField(_("编号"), null=True, blank=True, editable=False)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    version = models.PositiveIntegerField(_("草稿版本"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    filled_on = models.DateField(_("填表日期"), null=True, blank=True, editable=False, help_text=_("年月，取提交日期"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # 一、申报单位基本信息 (单位名称 and 被命名年份 are read from the unit)
    district_union = models.CharField(_("所属区/产业工会"), max_length=30, choices=districts.CHOICES, blank=True)
    parent_union = _text(_("上级工会名称"), 100)
    unit_nature = models.CharField(_("单位性质"), max_length=30, choices=UnitNature.choices, blank=True)
    headcount = _count(_("单位人数"), minimum=1)
    card_holders = _count(_("本单位/本辖区持工会会员互助服务卡职工人数"))
    union_leader = _text(_("工会负责人"), 50)
    union_leader_mobile = _text(_("工会负责人联系方式（手机）"), 30)
    union_leader_landline = _text(_("工会负责人联系方式（座机）"), 30)
    contact_name = _text(_("联系人"), 50)
    contact_mobile = _text(_("联系人联系方式（手机）"), 30)
    contact_landline = _text(_("联系人联系方式（座机）"), 30)
    contact_email = _text(_("联系邮箱"), 254)
    address = _text(_("单位地址"), 200)
    unit_profile = models.TextField(
        _("单位简介"), blank=True, help_text=_("含单位基本情况介绍、业务范围、职业特点、职工压力水平等，500字以内")
    )

    # 二、职工心理服务工作基础 — 1. 场地 (功能分区: FunctionalArea rows)
    site_area = _decimal(_("心理服务场地面积（平米）"), 9, 1)
    area_count = _count(_("功能区数量（个）"))
    site_investment = _decimal(_("心理服务场地建设投入资金（万元）"), 12, 2)
    # 3. 心理工作人员 (心理工作人员介绍: PsychWorker rows; 2. 设备设施: Equipment rows)
    union_worker_count = _count(_("工会工作人员总数"))
    internal_psych_worker_count = _count(_("内部心理服务工作人员数"))
    external_psych_worker_count = _count(_("外聘心理服务工作人员数"))
    qualified_people_count = _count(_("本单位心理学专业或具备心理资质人员数"))

    # 三、上一年度职工心理服务工作开展情况
    past_beneficiaries = _text(_("1、服务对象"), 200)
    past_beneficiary_count = _count(_("2、服务人数 （人）"))
    past_member_share = _decimal(_("占会员总数 （%）"), 4, 1, maximum=Decimal("100"))
    past_investment = _decimal(_("3、投入资金 （万元）"), 12, 2)
    past_partnered = _yes_no(_("4、是否与第三方心理服务机构合作？"))
    past_partner_name = _text(_("5、合作单位名称"), 200)
    past_model = models.TextField(_("6、职工心理服务工作模式及服务内容"), blank=True)
    past_results = models.TextField(_("7、服务效果与经验总结"), blank=True)

    # 四、本年度职工心理服务项目申报 (经费预算: BudgetItem rows; 进度安排: ScheduleItem rows)
    beneficiaries = _text(_("1、服务对象"), 200)
    beneficiary_count = _count(_("2、服务人数"), minimum=1)
    starts_on = models.DateField(_("3、实施时间（起）"), null=True, blank=True)
    ends_on = models.DateField(_("3、实施时间（至）"), null=True, blank=True)
    partnered = _yes_no(_("4、是否与第三方专业机构合作？"))
    partner_name = _text(_("合作单位名称"), 200)
    plan = models.TextField(
        _("5、计划开展服务项目内容及进度安排"),
        blank=True,
        help_text=_(
            "注：可依据市总工会心理服务助推资金标准，规划本年度职工心理服务项目内容（表单中按年度评选的资助额和年度显示）"
        ),
    )
    expected_results = models.TextField(_("6、项目预期效果"), blank=True)

    # 申报单位意见
    declaration_confirmed = models.BooleanField(
        _("申报单位意见：同意"), default=False, help_text=_("本单位确认所填内容真实、准确，同意申报")
    )
    privacy_confirmed = models.BooleanField(
        _("已告知所列心理工作人员并取得其同意"),
        default=False,
        help_text=_(
            "已告知每位所列人员其个人信息的处理目的和接收方（北京市总工会），并取得其同意（《个人信息保护法》第二十三条）"
        ),
    )

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["call_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "unit"], name="application_one_per_unit_and_call"),
            models.UniqueConstraint(
                fields=["call", "number"], condition=Q(number__isnull=False), name="application_number_unique_in_call"
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="application_state_known"),
            models.CheckConstraint(
                condition=(Q(state=State.DRAFT, number__isnull=True, submitted_at__isnull=True))
                | (~Q(state=State.DRAFT) & Q(number__gte=1, submitted_at__isnull=False)),
                name="application_numbered_iff_submitted",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="application_version_positive"),
            models.CheckConstraint(
                condition=Q(headcount__isnull=True) | Q(headcount__gte=1), name="application_headcount_min"
            ),
            models.CheckConstraint(
                condition=Q(beneficiary_count__isnull=True) | Q(beneficiary_count__gte=1),
                name="application_beneficiary_count_min",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}),
                    name=f"application_{name}_not_negative",
                )
                for name in ("site_area", "site_investment", "past_member_share", "past_investment")
            ],
            models.CheckConstraint(
                condition=Q(past_member_share__isnull=True) | Q(past_member_share__lte=100),
                name="application_past_member_share_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_number or _('草稿')} {self.unit.name}"

    @property
    def display_number(self) -> str:
        """编号 as printed: the call year and the three-digit sequence, e.g. 2020-007."""
        return "" if self.number is None else self.format_number(self.call.year, self.number)

    @staticmethod
    def format_number(year: int, number: int | None) -> str:
        """编号 as printed from plain values (for pages that read them with ``values_list``)."""
        return "" if number is None else f"{year}-{number:03d}"

    @property
    def unit_name(self) -> str:
        return self.unit.name

    @property
    def named_year(self) -> int:
        return self.unit.named_year

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class NumberSequence(models.Model):
    """The last 编号 handed out in a call. Only ever counts up, under a row lock, so a number is never reused."""

    call = models.OneToOneField("calls.Call", on_delete=models.PROTECT, related_name="number_sequence")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号计数")
        verbose_name_plural = _("编号计数")

    def __str__(self) -> str:
        return f"{self.call.year}: {self.last_number}"


class DraftSave(models.Model):
    """Which fields one draft save changed: how a refused save can tell the user what landed in between."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="draft_saves")
    version = models.PositiveIntegerField()
    fields = models.JSONField(default=list)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="draft_save_one_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} v{self.version}"
