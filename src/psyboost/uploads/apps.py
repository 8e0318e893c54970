from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    name = "psyboost.uploads"
    verbose_name = _("文件上传")
