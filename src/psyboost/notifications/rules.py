"""Every signed-in user has their own notices; nobody sees anybody else's (another's notice answers 404)."""

import rules


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_recipient(user, notice) -> bool:
    return notice is not None and user is not None and notice.recipient_id == user.pk


rules.add_perm("notifications.view_notices", is_active_user)
rules.add_perm("notifications.read_notice", is_active_user & is_recipient)
