"""The people who judge: experts (the city pool, one account each), the panel of a call, and their conflicts."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from psyboost.calls import districts


class ExpertQuerySet(models.QuerySet):
    def on_panel(self, call):
        """The call's panel as every page and the assignment count it: members whose account is active."""
        return self.filter(panels__call=call, user__is_active=True)


class Expert(models.Model):
    """A person who may sit on a panel: an outside expert or a member of a federation business department."""

    class Kind(models.TextChoices):
        EXPERT = "expert", _("评审专家")
        DEPARTMENT = "department", _("业务部门成员")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.EXPERT)
    name = models.CharField(_("姓名"), max_length=50)
    organisation = models.CharField(_("工作单位"), max_length=100, blank=True)
    title = models.CharField(_("职称/职务"), max_length=100, blank=True)
    expertise = models.CharField(_("专业领域"), max_length=200, blank=True, help_text=_("多个领域用顿号或逗号分隔"))
    district_union = models.CharField(_("所在区/产业工会"), max_length=30, choices=districts.CHOICES, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="expert_name_required")]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    """An expert sitting on the panel of one call; one of them chairs it."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="panel")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="panels")
    is_chair = models.BooleanField(_("评审组组长"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
        ordering = ["call_id", "-is_chair", "expert__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "expert"], name="panel_member_once_per_call"),
            models.UniqueConstraint(fields=["call"], condition=Q(is_chair=True), name="panel_one_chair_per_call"),
        ]

    def __str__(self) -> str:
        return f"{self.call.year} {self.expert}"


class ConflictQuerySet(models.QuerySet):
    def active(self):
        """The conflicts that block: the one rule for "this expert is cut off from this unit's application"."""
        return self.filter(active=True)

    def active_or_pending(self):
        """What an expert or staff still have to see: the blocking conflicts and the declarations awaiting staff."""
        return self.filter(models.Q(active=True) | models.Q(pending=True))

    def pairs(self) -> set[tuple[int, int]]:
        """(expert id, unit id) of these conflicts."""
        return set(self.values_list("expert_id", "unit_id"))


class Conflict(models.Model):
    """An expert who must not judge a unit in a call. Declared by the expert or staff, or detected by the system
    (then staff may dismiss it with a reason). Only active conflicts block (``Conflict.objects.active()``)."""

    class Kind(models.TextChoices):
        OWN_UNIT = "own_unit", _("本单位")
        SUPERIOR = "superior", _("上级单位/隶属关系")
        COLLABORATION = "collaboration", _("近期合作")
        RELATIVE = "relative", _("亲属")
        SAME_DISTRICT = "same_district", _("同区（产业）工会")
        OTHER = "other", _("其他")

    class Source(models.TextChoices):
        DECLARED = "declared", _("专家申报")
        STAFF = "staff", _("工作人员登记")
        DETECTED = "detected", _("系统识别")

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="conflicts")
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    unit = models.ForeignKey("calls.Unit", on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("冲突类型"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    note = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("有效"), default=True)
    # Declared after the expert submitted for the unit, or after the stage closed: not active until staff decide.
    pending = models.BooleanField(_("待工作人员决定"), default=False)
    dismissed_reason = models.TextField(_("排除理由"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("利益冲突")
        verbose_name_plural = _("利益冲突")
        ordering = ["call_id", "expert_id", "unit_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "expert", "unit", "kind"], name="conflict_once_per_kind"),
            models.CheckConstraint(
                condition=Q(active=True) | Q(pending=True) | ~Q(dismissed_reason=""), name="conflict_dismissal_reason"
            ),
            models.CheckConstraint(condition=~Q(active=True, pending=True), name="conflict_pending_not_active"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} ✕ {self.unit}（{self.get_kind_display()}）"
