"""Review permissions: scoring and the on-site exchange.

- ``review.score``: the expert's own pages (assignment list, scoring page). Which assignment is the expert's is
  decided in the view: another expert's assignment, or one the expert has a conflict with, answers 404 (they must
  not learn it exists).
- ``review.view_application_scores`` (object: application): staff, and panel members of the call who have no
  conflict with the unit. The view shows a stage's scores to panel members only once that stage is closed, and
  answers 404 (not 403) to any other expert.
- ``review.view_onsite_slot``: a unit user (their own application's slot only).
Staff pages (progress, reopen, on-site sessions) use ``review.manage_review``.
"""

import rules

from psyboost.accounts.rules import is_expert, is_federation_staff, is_unit_user

from .predicates import has_conflict, is_panel_member


@rules.predicate
def on_panel_of_application(user, application) -> bool:
    return application is not None and is_panel_member(user, application.call)


rules.add_perm("review.score", is_expert)
rules.add_perm("review.view_application_scores", is_federation_staff | (on_panel_of_application & ~has_conflict))
rules.add_perm("review.view_onsite_slot", is_unit_user)
