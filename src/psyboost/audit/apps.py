from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "psyboost.audit"
    verbose_name = _("审计日志")

    def ready(self):
        from psyboost.core.navigation import add_entry

        add_entry(("admin", "staff"), _("审计记录"), "audit:index", 80)
