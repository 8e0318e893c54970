"""Who may do what: every role check of the project starts from these predicates."""

import rules

from .models import FEDERATION_ROLES, Role


@rules.predicate
def is_federation_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in FEDERATION_ROLES)


@rules.predicate
def is_federation_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.ADMIN)


@rules.predicate
def is_unit_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.UNIT and user.unit_id)


@rules.predicate
def is_expert(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.EXPERT)


# The object of the predicates below is the account being managed (an accounts.User).


@rules.predicate
def is_unit_or_expert_account(user, account) -> bool:
    return account is not None and account.role in (Role.UNIT, Role.EXPERT)


@rules.predicate
def is_federation_account(user, account) -> bool:
    return account is not None and account.role in FEDERATION_ROLES


@rules.predicate
def is_own_account(user, account) -> bool:
    return account is not None and user is not None and account.pk == user.pk


# Staff look after unit and expert accounts; only an administrator looks after federation accounts, and nobody
# resets or deactivates their own account here (they use 修改密码; an administrator cannot lock themself out).
can_manage_account = (is_federation_staff & is_unit_or_expert_account) | (
    is_federation_admin & is_federation_account & ~is_own_account
)

rules.add_perm("accounts.manage_unit_accounts", is_federation_staff)
rules.add_perm("accounts.manage_expert_accounts", is_federation_staff)
rules.add_perm("accounts.manage_staff_accounts", is_federation_admin)
rules.add_perm("accounts.manage_account", can_manage_account)
# The same predicate as a rule, for templates ({% test_rule %}): Django lets a superuser pass every has_perm, but the
# buttons shown next to an account follow the role, so an administrator never sees them on their own row.
rules.add_rule("accounts.manage_account", can_manage_account)
rules.add_perm("accounts.use_second_factor", is_federation_staff)
