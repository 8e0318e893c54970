"""``psyboost send-digest``: e-mail staff what the stages report since the last digest; once a day."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from psyboost.notifications.messaging import send_digest


class Command(BaseCommand):
    help = "向市总工会工作人员发送每日工作汇总（每天至多一次；没有新事项时不发邮件）。"

    def handle(self, *args, **options):
        digest = send_digest()
        if digest is None:
            self.stdout.write(_("今天的汇总已经发送过，未重复发送。"))
        elif not digest.item_count:
            self.stdout.write(_("过去一天没有需要汇总的事项，未发送邮件。"))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("已汇总%(count)d项，发送邮件%(emails)d封。")
                    % {"count": digest.item_count, "emails": digest.emails_sent}
                )
            )
