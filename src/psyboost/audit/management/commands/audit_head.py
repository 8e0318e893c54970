"""``psyboost audit-head``: the head of the intact audit chain (number, id, time, hash), one line to record away from
the database (the backup timer prints it to the journal); ``audit-verify --head HASH`` later checks that the chain
still leads through it. A broken chain has no head worth recording: exit 1, naming the first broken link."""

from datetime import UTC

from django.core.management.base import BaseCommand, CommandError

from psyboost.audit.services import verify_chain


class Command(BaseCommand):
    help = "输出完好审计哈希链的链尾（序号、编号、时间、哈希），供另行保存；链条断开时以非零状态退出。"

    def handle(self, *args, **options):
        report = verify_chain()
        if report.broken is not None:
            raise CommandError(
                f"audit chain broken at {report.broken} (after {report.entries} intact entries)", returncode=1
            )
        last = report.last
        if last is None:
            self.stdout.write("audit head: none (no entries yet)")
            return
        at = last.created_at.astimezone(UTC).isoformat()
        self.stdout.write(f"audit head: #{last.sequence} id {last.pk} at {at} hash {last.entry_hash}")
