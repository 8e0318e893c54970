from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("管理员")
    STAFF = "staff", _("工作人员")
    UNIT = "unit", _("单位用户")
    EXPERT = "expert", _("评审专家")


FEDERATION_ROLES = (Role.ADMIN, Role.STAFF)


class PsyboostUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """Everyone who logs in. A unit user is bound to exactly one unit; nobody else is bound to any."""

    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.UNIT, db_index=True)
    unit = models.ForeignKey(
        "calls.Unit", verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    must_change_password = models.BooleanField(_("须修改初始密码"), default=False)

    objects = PsyboostUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="unit", unit__isnull=False) | (~Q(role="unit") & Q(unit__isnull=True))),
                name="user_unit_iff_unit_role",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_federation(self) -> bool:
        return self.role in FEDERATION_ROLES
