from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "psyboost.workbench"
    verbose_name = _("工作台")

    def ready(self):
        from psyboost.core.navigation import PUBLIC, add_entry

        add_entry([PUBLIC], _("首页"), "workbench:home", 0)
        add_entry(("admin", "staff"), _("工作台"), "workbench:index", 10)
