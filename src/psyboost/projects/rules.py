"""Project permissions. A unit user sees and changes only its own unit's projects; an expert sees only the
projects whose closing evaluation they are assigned (never the account number); staff see and manage everything.

- ``projects.view_project`` (object: project): staff, the project's unit, its assigned non-conflicted experts.
- ``projects.change_project`` (object: project): the project's unit (the service decides what the stage allows).
- ``projects.view_account`` (object: project): staff and the project's unit; everyone else sees it masked.
- ``projects.view_final_accounts`` (object: project): the 经费决算表 download, staff and the project's unit.
- ``projects.manage_projects``: staff pages (lists, payments, checks, grades, matching, providers).
- ``projects.view_mine``: a unit user's own list and requests. ``projects.evaluate``: an expert's evaluation pages.
"""

import rules

from psyboost.accounts.rules import is_expert, is_federation_staff, is_unit_user


@rules.predicate
def is_own_project(user, project) -> bool:
    return project is not None and is_unit_user(user) and user.unit_id == project.unit_id


@rules.predicate
def is_evaluator(user, project) -> bool:
    if project is None or not is_expert(user):
        return False
    from psyboost.review.models import Assignment, Conflict, Stage

    return (
        Assignment.objects.filter(
            application_id=project.application_id, stage=Stage.CLOSING, expert__user=user
        ).exists()
        and not Conflict.objects.filter(
            call_id=project.call_id, unit_id=project.unit_id, expert__user=user, active=True
        ).exists()
    )


rules.add_perm("projects.view_project", is_federation_staff | is_own_project | is_evaluator)
rules.add_perm("projects.change_project", is_own_project)
rules.add_perm("projects.view_account", is_federation_staff | is_own_project)
rules.add_perm("projects.view_final_accounts", is_federation_staff | is_own_project)
rules.add_perm("projects.manage_projects", is_federation_staff)
rules.add_perm("projects.view_mine", is_unit_user)
rules.add_perm("projects.evaluate", is_expert)
