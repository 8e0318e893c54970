from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "psyboost.accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from psyboost.core.navigation import add_entry

        add_entry(("admin", "staff"), _("专家账号"), "accounts:expert_accounts", 60)
        add_entry(("admin",), _("工作人员账号"), "accounts:staff_accounts", 70)
