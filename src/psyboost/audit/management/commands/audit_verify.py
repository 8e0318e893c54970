"""``psyboost audit-verify [--head HASH]``: check the audit trail's hash chain; exit 1 and name the first broken link
if any. ``--head`` names a head recorded elsewhere (``psyboost audit-head``) that the chain must still lead through."""

from django.core.management.base import BaseCommand, CommandError

from psyboost.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "核对审计记录的哈希链：全部完好时输出记录数与链尾哈希；否则指出第一个断开的环节并以非零状态退出。"
        "--head 给出另行保存的链尾哈希，核对链条仍经过它。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--head", default="", metavar="HASH", help="另行保存的链尾哈希（psyboost audit-head）")

    def handle(self, *args, **options):
        recorded = options["head"].strip().lower()
        report = verify_chain(recorded_head=recorded)
        if report.broken is not None:
            raise CommandError(
                f"audit chain broken at {report.broken} (after {report.entries} intact entries)", returncode=1
            )
        leads = f", leads through the recorded head {recorded}" if recorded else ""
        self.stdout.write(f"audit chain intact: {report.entries} entries, head {report.head_hash or '-'}{leads}")
