"""Who may download an application's printed form and package, and who may render a whole call's forms.

The printed form carries the names and birth months of 心理工作人员 unmasked, so it goes to whoever may view the
application *and* see its personal information: today the unit itself and federation staff; an expert as soon as
``applications.view_application`` and ``applications.view_personal_information`` let them (assigned, not
conflicted). The rule asks those permissions rather than repeating their predicates, so it follows them.
"""

import rules

from psyboost.accounts.rules import is_federation_staff


@rules.predicate
def may_view_application(user, application) -> bool:
    return application is not None and user.has_perm("applications.view_application", application)


@rules.predicate
def may_see_personal_information(user, application) -> bool:
    return application is not None and user.has_perm("applications.view_personal_information", application)


can_download_application = may_view_application & may_see_personal_information

rules.add_perm("documents.download_application", can_download_application)
rules.add_perm("documents.render_all", is_federation_staff)
