"""``psyboost restore DIR``: a backup made by ``psyboost backup`` into an empty database and storage."""

from django.core.management.base import BaseCommand, CommandError

from psyboost.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份目录恢复数据库与上传文件（先核对全部校验和；只恢复到空数据库和空存储）。"

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            summary = restore(directory)
        except BackupError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            f"restored from {directory}: {summary.database}, {summary.files} files, {summary.bytes} bytes"
        )
