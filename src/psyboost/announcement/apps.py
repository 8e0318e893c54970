from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementConfig(AppConfig):
    name = "psyboost.announcement"
    verbose_name = _("结果公示")

    def ready(self):
        from psyboost.core.navigation import add_entry
        from psyboost.notifications.messaging import add_digest_section

        from . import notices, rules  # noqa: F401  (rules and notice kinds register on import)

        add_entry(("admin", "staff"), _("结果公示"), "announcement:staff_index", 65)
        add_digest_section(notices.new_objections)
