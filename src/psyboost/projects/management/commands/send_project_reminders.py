"""``psyboost send_project_reminders``: the units' milestone reminders (a week before a due date, once after it is
missed); run once a day, beside ``send-digest``."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from psyboost.projects.notices import send_reminders


class Command(BaseCommand):
    help = "向助推项目单位发送进度节点提醒（到期前一周一次、逾期后一次）。"

    def handle(self, *args, **options):
        self.stdout.write(_("已发送进度节点提醒 %(count)d 条。") % {"count": send_reminders()})
