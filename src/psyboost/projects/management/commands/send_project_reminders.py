"""``psyboost send_project_reminders`` (also ``send-project-reminders``): the units' milestone reminders, once before
a due date and once after it is missed, by the offsets of each call's project settings (default 7 days before, 1
day after); run once a day by ``deploy/psyboost-send-project-reminders.timer``, beside ``send-digest``."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from psyboost.projects.notices import send_reminders


class Command(BaseCommand):
    help = "向助推项目单位发送进度节点提醒（到期前、逾期后各一次，天数见各年度的项目管理设置）。"

    def handle(self, *args, **options):
        self.stdout.write(_("已发送进度节点提醒 %(count)d 条。") % {"count": send_reminders()})
