"""``psyboost purge-uploads``: delete the temporary files of uploads older than their expiry (24 h by default).

Run it from cron or a systemd timer, e.g. hourly."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from psyboost.uploads.services import purge_expired


class Command(BaseCommand):
    help = "删除过期（默认超过 24 小时未完成）上传的临时文件。"

    def handle(self, *args, **options):
        deleted = purge_expired()
        self.stdout.write(_("已删除 %(n)d 个过期的上传临时文件。") % {"n": deleted})
