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


rules.add_perm("accounts.manage_unit_accounts", is_federation_staff)
rules.add_perm("accounts.manage_staff_accounts", is_federation_admin)
rules.add_perm("core.view_workbench", is_federation_staff)
