from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "psyboost.calls"
    verbose_name = _("年度评选与单位名录")
