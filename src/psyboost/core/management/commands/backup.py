"""``psyboost backup DIR``: the database, the media files and a manifest of checksums into DIR (see core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from psyboost.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库与全部上传文件（含校验和清单）到指定目录（须为空目录）。"

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            summary = backup(directory)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            f"backup written to {directory}: {summary.database}, {summary.files} files, {summary.bytes} bytes"
        )
