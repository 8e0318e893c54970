from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "psyboost.calls"
    verbose_name = _("年度评选与单位名录")

    def ready(self):
        from psyboost.core.navigation import add_entry

        add_entry(("admin", "staff"), _("年度评选"), "calls:staff_list", 20)
        add_entry(("admin", "staff"), _("单位名录"), "calls:unit_list", 40)
        add_entry(("admin", "staff"), _("单位账号"), "calls:unit_accounts", 50)
