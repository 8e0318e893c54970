"""Account operations. They take plain arguments and leave an audit record (never a password).

Unit accounts are made from the registry by ``psyboost.calls.unit_accounts`` with the helpers here.

A generated password is returned to the caller once (``IssuedPassword``) and only its hash is saved: whoever
creates or resets an account must hand the password on from that one response.
"""

from dataclasses import dataclass

from axes.utils import reset as reset_lockout
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from psyboost.audit.services import record
from psyboost.core.refusals import Refused

from .models import Role, User
from .passwords import generate_initial_password, hash_initial_password


class OwnAccountRefused(Refused):
    """Nobody deactivates their own account: the last administrator could lock everyone out."""

    def __init__(self):
        super().__init__(_("不能停用自己的账号。"))


class AccountsChanged(Refused):
    """Somebody else created an account with the same name in the meantime; nothing was saved."""

    def __init__(self):
        super().__init__(_("账号刚刚被其他工作人员修改过，本次没有创建任何账号。请刷新页面后重试。"))


@dataclass(frozen=True)
class IssuedPassword:
    """An account and the initial password it was just given: the only moment the password is known."""

    user: User
    password: str

    @property
    def unit_name(self) -> str:
        return self.user.unit.name if self.user.unit_id else ""

    @property
    def district_union(self) -> str:
        return self.user.unit.district_union if self.user.unit_id else ""


def free_username(base: str) -> str:
    """``base`` if nobody has it, else ``base-2``, ``base-3``… (the first one free)."""
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def new_user(**values) -> tuple[User, str]:
    """An unsaved account with a fresh initial password (returned, never stored in clear)."""
    password = generate_initial_password()
    user = User(password=hash_initial_password(password), must_change_password=True, **values)
    return user, password


def create_account(role: str, *, actor, username: str, display_name: str, phone: str = "", email: str = ""):
    """An expert or federation account (not bound to a unit) with an initial password."""
    if role == Role.UNIT:
        raise ValueError("unit accounts are created by psyboost.calls.unit_accounts")
    return create_user(actor, username=username, role=role, display_name=display_name, phone=phone, email=email)


def create_user(actor, **values) -> IssuedPassword:
    try:
        with transaction.atomic():
            user, password = new_user(**values)
            user.save()
            record(actor, "accounts.created", user, role=user.role, unit=user.unit_id)
    except IntegrityError as error:
        raise AccountsChanged from error
    return IssuedPassword(user, password)


def unlock(account: User, *, actor) -> int:
    """Lift every login lockout of ``account`` (from any address); the number of lockout records removed."""
    removed = reset_lockout(username=account.username)
    record(actor, "accounts.unlocked", account, lockouts=removed)
    return removed


def reset_password(account: User, *, actor) -> IssuedPassword:
    """A new initial password for ``account``, to be changed at the next login; also lifts a login lockout."""
    password = generate_initial_password()
    with transaction.atomic():
        account.password = hash_initial_password(password)
        account.must_change_password = True
        account.save(update_fields=["password", "must_change_password"])
        reset_lockout(username=account.username)
        record(actor, "accounts.password_reset", account)
    return IssuedPassword(account, password)


def set_active(account: User, active: bool, *, actor, reason: str = "") -> bool:
    """Activate or deactivate ``account``; True if that changed anything. A deactivated user is signed out at
    their next request and cannot sign in; nothing they did is removed."""
    if not active and actor is not None and actor.pk == account.pk:
        raise OwnAccountRefused
    if account.is_active == active:
        return False
    account.is_active = active
    account.save(update_fields=["is_active"])
    end_sessions(account)  # a reactivated account starts afresh: its old sessions never come back to life
    record(actor, "accounts.activated" if active else "accounts.deactivated", account, reason=reason)
    return True


def end_sessions(account: User) -> int:
    """Delete every stored session of ``account``; the number deleted."""
    from django.contrib.sessions.models import Session

    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(account.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def change_password(user, new_password: str) -> None:
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(user, "accounts.password_changed", user)
