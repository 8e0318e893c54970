"""Sign-ins in the audit trail (successes and failures), and telling an account's owner that their account was
locked after wrong passwords (django-axes' signal).

The lockout is per account and address (settings ``AXES_LOCKOUT_PARAMETERS``), so the owner can still sign in from
their own computer; the message says so, and that an administrator can lift it. The audit keeps who was locked
from where.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from psyboost.audit.services import record


def owner_told(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """At the failure that locks (not at each refused try while locked): audit it and e-mail the owner."""
    from .models import User

    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    user = User.objects.filter(username=username).first() if username else None
    record(None, "accounts.locked_out", user, username=username or "", ip_address=ip_address or "")
    if user is None or not user.email:
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    send_mail(
        _("【职工心理服务助推项目平台】账号登录已被暂时锁定"),
        _(
            "您的账号 %(username)s 从地址 %(address)s 连续输错密码，该地址的登录已被锁定 %(minutes)d 分钟。"
            "从其他地址（如您常用的电脑）仍可正常登录。如果不是您本人操作，请尽快修改密码并联系管理员；"
            "管理员也可以立即解除锁定。"
        )
        % {"username": user.username, "address": ip_address or "-", "minutes": minutes},
        None,
        [user.email],
        fail_silently=True,
    )


def _address(request) -> str:
    if request is None:
        return ""
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")


def logged_in(sender, request=None, user=None, **kwargs) -> None:
    """Every sign-in is audited, with the address it came from."""
    record(user, "accounts.logged_in", user, ip_address=_address(request))


def login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    """Every failed sign-in is audited: the username tried (never the password) and the address."""
    username = str((credentials or {}).get("username", ""))[:150]
    record(None, "accounts.login_failed", None, username=username, ip_address=_address(request))
