"""``psyboost audit-verify``: check the audit trail's hash chain; exit 1 and name the first broken link if any."""

from django.core.management.base import BaseCommand, CommandError

from psyboost.audit.services import verify_chain


class Command(BaseCommand):
    help = "核对审计记录的哈希链：全部完好时输出记录数与链尾哈希；否则指出第一个断开的环节并以非零状态退出。"

    def handle(self, *args, **options):
        report = verify_chain()
        if report.broken is not None:
            raise CommandError(
                f"audit chain broken at {report.broken} (after {report.entries} intact entries)", returncode=1
            )
        self.stdout.write(f"audit chain intact: {report.entries} entries, head {report.head_hash or '-'}")
