"""Account operations. They take plain arguments and leave an audit record."""

from psyboost.audit.services import record


def change_password(user, new_password: str) -> None:
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(user, "accounts.password_changed", user)
