"""The demo accounts: ``staff``, ``admin``, ``expert1``…``expert9`` and ``unit001``…``unit270``.

All have the password ``psyboost-demo`` and are not asked to change it. The hash is computed once and shared. An
account that exists keeps its password (a re-run changes nothing); its role, unit and name are put back if they
differ.
"""

from psyboost.accounts.models import Role, User
from psyboost.audit.services import record

from .base import DemoContext, StepReport

EXPERT_NAMES = ["王立新", "李嘉怡", "张国华", "刘慧敏", "陈志强", "杨雪梅", "赵明远", "黄蕾", "吴海峰"]
FIELDS = ("role", "unit", "display_name", "is_staff", "is_superuser", "is_active", "must_change_password")


def unit_username(number: int) -> str:
    return f"unit{number:03d}"


def account_specs(units) -> list[dict]:
    """Every demo account's values but the password; the units are bound in order (unit001 to the first)."""
    specs = [
        {"username": "staff", "role": Role.STAFF, "display_name": "陈思远"},
        {"username": "admin", "role": Role.ADMIN, "display_name": "系统管理员", "is_staff": True, "is_superuser": True},
    ]
    specs += [
        {"username": f"expert{number}", "role": Role.EXPERT, "display_name": name}
        for number, name in enumerate(EXPERT_NAMES, start=1)
    ]
    specs += [
        {"username": unit_username(number), "role": Role.UNIT, "unit": unit, "display_name": unit.contact_name}
        for number, unit in enumerate(units, start=1)
    ]
    defaults = {
        "unit": None,
        "is_staff": False,
        "is_superuser": False,
        "is_active": True,
        "must_change_password": False,
    }
    return [{**defaults, **spec} for spec in specs]


def load(context: DemoContext) -> StepReport:
    specs = account_specs(context.units)
    existing = User.objects.in_bulk([spec["username"] for spec in specs], field_name="username")
    to_create, to_update, report = [], [], StepReport()
    for spec in specs:
        user = existing.get(spec["username"])
        if user is None:
            to_create.append(User(password=context.password_hash, **spec))
            continue
        changed = [name for name in FIELDS if getattr(user, name) != spec[name]]
        if changed:
            for name in changed:
                setattr(user, name, spec[name])
            to_update.append(user)
        else:
            report.unchanged += 1
    User.objects.bulk_create(to_create)
    if to_update:
        User.objects.bulk_update(to_update, FIELDS)
    report.created, report.updated = len(to_create), len(to_update)
    if report.changed_anything:
        record(
            None,
            "accounts.demo_accounts_loaded",
            created=[user.username for user in to_create],
            updated=[user.username for user in to_update],
        )
    context.users = {user.username: user for user in User.objects.filter(username__in=[s["username"] for s in specs])}
    return report
