from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementConfig(AppConfig):
    name = "psyboost.announcement"
    verbose_name = _("结果公示")

    def ready(self):
        from psyboost.applications.signals import application_transitioned, selection_given_up
        from psyboost.core.navigation import add_entry
        from psyboost.core.todos import add_provider
        from psyboost.notifications.messaging import add_digest_section

        from . import notices, rules, todos  # noqa: F401  (rules and notice kinds register on import)
        from .services import replacement

        add_entry(("admin", "staff"), _("结果公示"), "announcement:staff_index", 65)
        add_digest_section(notices.new_objections)
        selection_given_up.connect(replacement.on_selection_given_up, dispatch_uid="announcement.replacement")
        application_transitioned.connect(replacement.on_transition, dispatch_uid="announcement.replacement_listed")
        add_provider(todos.announcement_todos, 50)
