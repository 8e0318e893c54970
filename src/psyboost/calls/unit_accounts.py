"""Accounts of the registry's units, made in bulk or one by one.

Usernames of unit accounts are derived from the unit's registry number: ``u`` and the unit's id in five digits
(``u00042``); a second user of the same unit gets ``u00042-2``, then ``-3``… The number never changes while the
unit exists, so staff can tell from a username which unit it belongs to. A name already taken by someone else gets
the next free suffix the same way.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet

from psyboost.accounts.models import Role, User
from psyboost.accounts.services import AccountsChanged, IssuedPassword, create_user, free_username, new_user
from psyboost.audit.services import record

from .models import Unit


def unit_username(unit: Unit) -> str:
    return f"u{unit.pk:05d}"


def has_account():
    """An expression that is true for a unit with at least one user (active or not)."""
    return Exists(User.objects.filter(unit=OuterRef("pk")))


def units_without_account(units: QuerySet | None = None) -> QuerySet:
    units = Unit.objects.all() if units is None else units
    return units.filter(~has_account())


def create_unit_accounts(units: QuerySet, *, actor, scope: dict | None = None) -> list[IssuedPassword]:
    """One account for each unit of ``units`` that has none; units with an account (even a deactivated one) are
    skipped. Returns the new accounts with their initial passwords, in registry order."""
    try:
        with transaction.atomic():
            in_scope = units.count()
            targets = list(units_without_account(units).order_by("district_union", "name"))
            if not targets:
                return []
            bases = [unit_username(unit) for unit in targets]
            taken = set(User.objects.filter(username__in=bases).values_list("username", flat=True))
            issued = []
            for unit, base in zip(targets, bases, strict=True):
                username = free_username(base) if base in taken else base
                user, password = new_user(
                    username=username, role=Role.UNIT, unit=unit, display_name=unit.contact_name[:50]
                )
                issued.append(IssuedPassword(user, password))
            User.objects.bulk_create([item.user for item in issued])
            record(
                actor,
                "accounts.unit_accounts_created",
                None,
                created=len(issued),
                skipped=in_scope - len(issued),
                scope=scope or {},
                usernames=[item.user.username for item in issued],
            )
    except IntegrityError as error:
        raise AccountsChanged from error
    return issued


def add_unit_user(unit: Unit, *, actor, username: str = "", display_name: str = "", phone: str = "") -> IssuedPassword:
    """Another user for ``unit`` (a unit may have several); the username is derived unless given."""
    return create_user(
        actor,
        username=username or free_username(unit_username(unit)),
        role=Role.UNIT,
        unit=unit,
        display_name=display_name or unit.contact_name[:50],
        phone=phone,
    )
