from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "psyboost.applications"
    verbose_name = _("项目申报")

    def ready(self):
        from psyboost.core.navigation import add_entry

        add_entry(("admin", "staff"), _("形式审查"), "applications:staff_list", 30)
        add_entry(("unit",), _("我的申报"), "applications:mine", 10)

        from psyboost.notifications.messaging import add_digest_section

        from . import attachments, notices, reminders, signals  # noqa: F401 (reminders registers its notice)

        attachments.register()

        from psyboost.core.todos import add_provider

        from .todos import intake_todos

        add_provider(intake_todos, 30)
        signals.application_transitioned.connect(notices.on_transition, dispatch_uid="applications.notices")
        add_digest_section(notices.new_submissions)
