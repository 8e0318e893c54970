"""Resource matching: third-party providers, units' requests, the arrangement, the sessions, the unit's rating."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Provider(models.Model):
    name = models.CharField(_("机构名称"), max_length=200, unique=True)
    qualifications = models.TextField(_("资质"), blank=True)
    services = models.JSONField(_("服务项目"), default=list, blank=True)
    districts = models.JSONField(_("服务区域"), default=list, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    active = models.BooleanField(_("合作中"), default=True)
    deactivated_at = models.DateTimeField(_("停止合作时间"), null=True, blank=True)
    deactivation_reason = models.TextField(_("停止合作理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("第三方服务机构")
        verbose_name_plural = _("第三方服务机构")
        ordering = ["-active", "name"]

    def __str__(self) -> str:
        return self.name


class ResourceRequest(models.Model):
    class Kind(models.TextChoices):
        SOCIAL = "social", _("社会资源对接")
        EXPERTS = "experts", _("专家库")
        PLATFORM = "platform", _("市级平台")
        GUIDANCE = "guidance", _("咨询指导")

    class State(models.TextChoices):
        OPEN = "open", _("待对接")
        MATCHED = "matched", _("已对接")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    unit = models.ForeignKey(
        "calls.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="resource_requests"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="resource_requests"
    )
    kind = models.CharField(_("需求类型"), max_length=20, choices=Kind.choices)
    need = models.TextField(_("需求说明"))
    preferred_time = models.CharField(_("期望时间"), max_length=100, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.OPEN)
    priority = models.BooleanField(_("助推项目单位优先"), default=False)
    provider = models.ForeignKey(
        Provider, verbose_name=_("服务机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    expert = models.ForeignKey(
        "review.Expert",
        verbose_name=_("专家"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resource_requests",
    )
    arrangement = models.TextField(_("对接安排"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("提出时间"))
    matched_at = models.DateTimeField(_("对接时间"), null=True, blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("评价"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("评价意见"), blank=True)

    class Meta:
        verbose_name = _("资源对接需求")
        verbose_name_plural = _("资源对接需求")
        ordering = ["-priority", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="resource_request_rating_range"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["open", "cancelled"]) | Q(provider__isnull=False) | Q(expert__isnull=False),
                name="resource_request_matched_to_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_kind_display()}"


class Consultation(models.Model):
    """A consultation or guidance session held for a request."""

    request = models.ForeignKey(ResourceRequest, on_delete=models.CASCADE, related_name="consultations")
    held_on = models.DateField(_("日期"))
    who = models.CharField(_("参加人员"), max_length=200)
    topic = models.CharField(_("主题"), max_length=200)
    form = models.CharField(_("形式"), max_length=50, blank=True)
    outcome = models.TextField(_("结果"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("咨询指导记录")
        verbose_name_plural = _("咨询指导记录")
        ordering = ["request_id", "held_on", "id"]

    def __str__(self) -> str:
        return self.topic
