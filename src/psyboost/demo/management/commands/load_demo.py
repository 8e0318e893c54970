"""``psyboost load-demo``: the demo calls, units and accounts; safe to repeat, refused under production settings."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from psyboost.demo.loader import DEMO_PASSWORD, DemoRefused, load_demo


class Command(BaseCommand):
    help = "加载演示数据（2020年及本年度评选、270家单位、演示账号）；可重复运行，生产环境拒绝执行。"

    def handle(self, *args, **options):
        try:
            results = load_demo()
        except DemoRefused as refusal:
            raise CommandError(str(refusal), returncode=1) from refusal
        for step, report in results:
            self.stdout.write(
                _("%(label)s：新增 %(created)d，更新 %(updated)d，未变 %(unchanged)d")
                % {"label": step.label, **vars(report)}
            )
        self.stdout.write(
            self.style.SUCCESS(_("演示数据已就绪；演示账号的密码均为 %(password)s。") % {"password": DEMO_PASSWORD})
        )
