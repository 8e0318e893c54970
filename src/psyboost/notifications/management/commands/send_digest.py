"""``psyboost send-digest``: e-mail staff the applications submitted since the last digest; once a day."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from psyboost.notifications.messaging import send_digest


class Command(BaseCommand):
    help = "向市总工会工作人员发送每日新提交申报汇总（每天至多一次；没有新提交时不发邮件）。"

    def handle(self, *args, **options):
        digest = send_digest()
        if digest is None:
            self.stdout.write(_("今天的汇总已经发送过，未重复发送。"))
        elif not digest.application_ids:
            self.stdout.write(_("过去一天没有新提交的申报，未发送邮件。"))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("已汇总%(count)d份新提交的申报，发送邮件%(emails)d封。")
                    % {"count": len(digest.application_ids), "emails": digest.emails_sent}
                )
            )
