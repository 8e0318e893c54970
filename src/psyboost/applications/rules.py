"""Who may see and change an application, and who may see the personal information of the psych workers
(心理工作人员) it lists.

A unit user sees and edits only their own unit's application; federation staff see all of them. The names and
birth dates of 心理工作人员 are shown to the unit, to federation staff and to the readers later stages admit
(``add_reader``: review admits the assigned, unconflicted experts); everyone else gets them masked (``mask_name``,
``mask_birth_month``).
"""

import rules

from psyboost.accounts.rules import is_federation_staff, is_unit_user


@rules.predicate
def is_own_unit_application(user, application) -> bool:
    return bool(application is not None and is_unit_user(user) and user.unit_id == application.unit_id)


@rules.predicate
def is_editable_application(user, application) -> bool:
    return bool(application is not None and application.is_editable)


_READERS: list = []


def add_reader(predicate) -> None:
    """Let a later stage's people read applications, personal information included (review's assigned experts).
    Called from that stage's ``AppConfig.ready``, so this stage never imports it."""
    if predicate not in _READERS:
        _READERS.append(predicate)


@rules.predicate
def is_admitted_reader(user, application) -> bool:
    return application is not None and any(reader(user, application) for reader in _READERS)


can_view_application = is_own_unit_application | is_federation_staff | is_admitted_reader
can_view_personal_information = is_own_unit_application | is_federation_staff | is_admitted_reader

rules.add_perm("applications.view_application", can_view_application)
rules.add_perm("applications.add_application", is_unit_user)
rules.add_perm("applications.change_application", is_own_unit_application & is_editable_application)
rules.add_perm("applications.submit_application", is_own_unit_application & is_editable_application)
rules.add_perm("applications.withdraw_application", is_own_unit_application)
rules.add_perm("applications.upload_paper_scan", is_own_unit_application)
rules.add_perm("applications.screen_application", is_federation_staff)
rules.add_perm("applications.grant_extension", is_federation_staff)
rules.add_perm("applications.ask_extension", is_unit_user)
rules.add_perm("applications.record_paper_copy", is_federation_staff)
rules.add_perm("applications.view_personal_information", can_view_personal_information)
# The phones and e-mail of the union leader and the contact are not needed to judge: experts see them masked.
CONTACT_FIELDS = ("union_leader_mobile", "union_leader_landline", "contact_mobile", "contact_landline", "contact_email")
rules.add_perm("applications.view_contact_details", is_own_unit_application | is_federation_staff)


def hide_from_other_units(user, application) -> None:
    """404 for a unit user asking for another unit's application (or its files): the same answer as for one that
    does not exist, so that nobody learns which numbers are taken."""
    from django.http import Http404

    if application is not None and is_unit_user(user) and user.unit_id != application.unit_id:
        raise Http404


def mask_name(name: str) -> str:
    """The family name and one star per other character: 张三丰 → 张**, 欧阳娜娜 → 欧***."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


def mask_contact(value: str) -> str:
    """A phone number or e-mail address hidden whole (only whether one was given shows)."""
    return "******" if value else ""


def mask_birth_month(value) -> str:
    return "****-**" if value else ""


def psych_worker_name(user, application, member) -> str:
    """A PsychWorker's name as ``user`` may see it."""
    if user.has_perm("applications.view_personal_information", application):
        return member.name
    return mask_name(member.name)


def psych_worker_birth_month(user, application, member) -> str:
    """A PsychWorker's 出生年月 (YYYY-MM) as ``user`` may see it."""
    if member.birth_month is None:
        return ""
    if user.has_perm("applications.view_personal_information", application):
        return f"{member.birth_month:%Y-%m}"
    return mask_birth_month(member.birth_month)


# The unit and staff (not experts) see the application's history: its timeline, return reasons, versions and their
# differences, and the pre-submit check.
can_view_history = is_own_unit_application | is_federation_staff
rules.add_perm("applications.view_history", can_view_history)
