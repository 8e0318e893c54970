"""Who may do what in the announcement step. The public pages need no permission (they show only what is
published and public); staff manage everything; a unit answers the explanations asked of it and downloads its own
selection letter. The objector's identity is shown on staff pages only."""

import rules

from psyboost.accounts.rules import is_federation_staff, is_unit_user
from psyboost.applications.workflow import State


@rules.predicate
def is_own_explanation(user, explanation) -> bool:
    return explanation is not None and is_unit_user(user) and explanation.objection.application.unit_id == user.unit_id


@rules.predicate
def is_own_selected_application(user, application) -> bool:
    return (
        application is not None
        and is_unit_user(user)
        and application.unit_id == user.unit_id
        and application.state == State.SELECTED
    )


rules.add_perm("announcement.manage", is_federation_staff)
rules.add_perm("announcement.answer_explanation", is_own_explanation)
rules.add_perm("announcement.download_letter", is_federation_staff | is_own_selected_application)
