"""Who reads the audit trail: federation staff and administrators (by role: the audit app comes before accounts)."""

import rules


@rules.predicate
def is_federation_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", "") in ("admin", "staff"))


rules.add_perm("audit.view_trail", is_federation_staff)
