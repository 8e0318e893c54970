"""Who stands where in the review of an application: the predicates every review permission is built from.

The object is an ``applications.Application`` unless said otherwise. A *conflicted* expert (an active
``Conflict`` with the application's unit in its call) is treated as unrelated to the application, whatever else is
true: not assigned, not allowed to open, score or see its scores — by any URL.
"""

import rules

from psyboost.accounts.rules import is_expert


def expert_of(user):
    """The user's expert profile, or None (cached on the user object for the request)."""
    if not is_expert(user):
        return None
    if not hasattr(user, "_psyboost_expert"):
        from .models import Expert

        user._psyboost_expert = Expert.objects.filter(user=user).first()
    return user._psyboost_expert


@rules.predicate
def has_conflict(user, application) -> bool:
    expert = expert_of(user)
    if expert is None or application is None:
        return False
    from .models import Conflict

    return (
        Conflict.objects.active()
        .filter(call_id=application.call_id, unit_id=application.unit_id, expert=expert)
        .exists()
    )


@rules.predicate
def is_assigned(user, application) -> bool:
    """Assigned to the application in any stage, and not conflicted."""
    expert = expert_of(user)
    if expert is None or application is None:
        return False
    from .models import Assignment

    return Assignment.objects.filter(application=application, expert=expert).exists() and not has_conflict(
        user, application
    )


@rules.predicate
def is_panel_member(user, call) -> bool:
    expert = expert_of(user)
    if expert is None or call is None:
        return False
    from .models import PanelMember

    return PanelMember.objects.filter(call=call, expert=expert).exists()
