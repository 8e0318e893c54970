"""``psyboost import-units FILE [--dry-run]``: import the eligible-unit list from .xlsx or .csv."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from psyboost.calls.importing import parse_unit_file
from psyboost.calls.registry import apply_unit_rows, plan_unit_rows


class Command(BaseCommand):
    help = "导入职工心灵驿站单位名录（.xlsx 或 .csv）；有任何问题则逐行列出，不导入任何单位。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="名录文件：.xlsx 或 .csv")
        parser.add_argument("--dry-run", action="store_true", help="只检查并统计，不写入")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": file})
        with path.open("rb") as fileobj:
            result = parse_unit_file(fileobj, path.name)
        if result.errors:
            for problem in result.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                _("导入被拒绝：共 %(n)d 处问题，未导入任何单位。") % {"n": len(result.errors)}, returncode=1
            )
        if dry_run:
            created, updated, unchanged = plan_unit_rows(result.rows).counts
            prefix = _("试运行，未写入：")
        else:
            created, updated, unchanged = apply_unit_rows(result.rows, None, source=f"cli:{path.name}")
            prefix = _("导入完成：")
        self.stdout.write(
            prefix
            + _("新增 %(created)d 家，更新 %(updated)d 家，未变 %(unchanged)d 家。")
            % {"created": created, "updated": updated, "unchanged": unchanged}
        )
