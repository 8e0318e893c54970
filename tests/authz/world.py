"""The objects the matrix's cases point at: built once per test module (``build_world``), read back fresh for every
(pattern, case, role) (``World.for_role``) inside the test's own transaction, which rolls back what the case did."""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from psyboost.accounts.models import User
from psyboost.calls import registry
from psyboost.calls.models import Call, Unit, UnitImport
from tests import factories
from tests.calls.sheets import unit_row, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class World:
    role: str
    call: Call  # the 2020 call: closed, with every notice field
    unit_a: Unit  # the unit of role "unit": objects "of one's own unit" belong to it
    unit_b: Unit  # the unit of role "other_unit"
    unit_without_account: Unit
    users: dict[str, User | None]  # role → the signed-in user (None for anonymous)
    accounts: dict[str, User]  # accounts to manage, nobody's own: "unit" (of unit A), "expert", "staff", "admin"
    pending_import: UnitImport  # staged by staff, waiting for confirmation
    applied_import: UnitImport  # staged and confirmed

    @property
    def user(self) -> User | None:
        return self.users[self.role]

    def for_role(self, role: str) -> "World":
        """The same world seen by ``role``, every object read again from the database: a case that changed an
        object in memory before (the database rolled back, the instance not) cannot leak into the next one."""

        def fresh(instance):
            return None if instance is None else type(instance)._default_manager.get(pk=instance.pk)

        return World(
            role=role,
            call=fresh(self.call),
            unit_a=fresh(self.unit_a),
            unit_b=fresh(self.unit_b),
            unit_without_account=fresh(self.unit_without_account),
            users={key: fresh(user) for key, user in self.users.items()},
            accounts={key: fresh(account) for key, account in self.accounts.items()},
            pending_import=fresh(self.pending_import),
            applied_import=fresh(self.applied_import),
        )


def registry_upload(name: str = "名录.xlsx", rows=None) -> SimpleUploadedFile:
    rows = rows if rows is not None else [unit_row(1), unit_row(2, district="海淀区", year=2018)]
    return SimpleUploadedFile(name, xlsx_bytes(rows), content_type=XLSX)


def build_world(role: str) -> World:
    call = factories.CallFactory(year=2020)
    unit_a = factories.UnitFactory(name="甲单位")
    unit_b = factories.UnitFactory(name="乙单位", district_union="海淀区", parent_union="海淀区总工会")
    unit_without_account = factories.UnitFactory(name="丙单位")
    users = {
        "anonymous": None,
        "unit": factories.UnitUserFactory(username="unit-a", unit=unit_a),
        "other_unit": factories.UnitUserFactory(username="unit-b", unit=unit_b),
        "expert": factories.ExpertFactory(username="expert"),
        "staff": factories.StaffFactory(username="staff"),
        "admin": factories.AdminFactory(username="admin"),
        "superuser": factories.AdminFactory(username="root", is_staff=True, is_superuser=True),
    }
    accounts = {
        "unit": factories.UnitUserFactory(username="unit-a-2", unit=unit_a),
        "expert": factories.ExpertFactory(username="expert-2"),
        "staff": factories.StaffFactory(username="staff-2"),
        "admin": factories.AdminFactory(username="admin-2"),
    }
    staff = users["staff"]
    pending_import = registry.stage_import(registry_upload("待确认.xlsx").file, "待确认.xlsx", staff)
    applied_import = registry.stage_import(registry_upload("已导入.xlsx", [unit_row(3)]).file, "已导入.xlsx", staff)
    registry.confirm_import(applied_import, staff)
    return World(
        role=role,
        call=call,
        unit_a=unit_a,
        unit_b=unit_b,
        unit_without_account=unit_without_account,
        users=users,
        accounts=accounts,
        pending_import=pending_import,
        applied_import=applied_import,
    )


@pytest.fixture(scope="module")
def base_world(django_db_setup, django_db_blocker):
    """The world, built once for the module in a transaction rolled back at its end; each case runs in a savepoint
    inside it (pytest-django's per-test atomic), so it sees the world as built and leaves nothing behind."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world("anonymous")
        transaction.set_rollback(True)


# The clock of each case: the world's 2020 call open for its units (the form may be edited); the announcement's
# pages after its 2020 公示 (published, the objection window closed), as its entries build it.
AFTER_THE_2020_ANNOUNCEMENT = datetime(2020, 11, 2, 10, 0, tzinfo=UTC)


def instant_of(item):
    return AFTER_THE_2020_ANNOUNCEMENT if item.key.startswith("announcement:") else factories.IN_THE_2020_CALL
