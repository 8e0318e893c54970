from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "psyboost.accounts"
    verbose_name = _("账号与角色")

    def ready(self):
        from psyboost.core.navigation import add_entry

        add_entry(("admin", "staff"), _("专家账号"), "accounts:expert_accounts", 60)
        add_entry(("admin",), _("工作人员账号"), "accounts:staff_accounts", 70)
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import lockout

        user_locked_out.connect(lockout.owner_told, dispatch_uid="psyboost.accounts.lockout")
        user_logged_in.connect(lockout.logged_in, dispatch_uid="psyboost.accounts.logged_in")
        user_login_failed.connect(lockout.login_failed, dispatch_uid="psyboost.accounts.login_failed")
