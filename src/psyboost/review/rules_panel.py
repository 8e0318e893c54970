"""Review permissions: panel, rubric, phases, conflicts, assignment.

Staff and administrators run the review of a call (``review.manage_review``). An expert may declare their own
conflicts for a call whose panel they sit on (``review.declare_conflicts``, object: the call). Units have no part.
"""

import rules

from psyboost.accounts.rules import is_federation_staff

from .predicates import is_panel_member

rules.add_perm("review.manage_review", is_federation_staff)
rules.add_perm("review.declare_conflicts", is_panel_member)
