"""``psyboost import-units FILE [--dry-run] [--accept-ineligible]``: import the eligible-unit list (.xlsx or .csv)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from psyboost.calls.importing import parse_unit_file
from psyboost.calls.registry import apply_unit_rows, plan_unit_rows


class Command(BaseCommand):
    help = "导入职工心灵驿站单位名录（.xlsx 或 .csv）；有任何问题则逐行列出，不导入任何单位。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="名录文件：.xlsx 或 .csv")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出改名、命名年份变化和警告，不写入")
        parser.add_argument(
            "--accept-ineligible", action="store_true", help="确认导入会使已有申报的单位不再符合申报范围"
        )

    def handle(self, *args, file: str, dry_run: bool, accept_ineligible: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": file})
        with path.open("rb") as fileobj:
            result = parse_unit_file(fileobj, path.name)
        plan = None if result.errors else plan_unit_rows(result.rows)
        errors = result.errors or plan.problems
        if errors:
            for problem in errors:
                self.stderr.write(str(problem))
            raise CommandError(_("导入被拒绝：共 %(n)d 处问题，未导入任何单位。") % {"n": len(errors)}, returncode=1)
        if dry_run:
            self._describe(plan)
        for warning in plan.warnings:
            self.stderr.write(_("警告：%(warning)s") % {"warning": warning})
        if plan.warnings and not dry_run and not accept_ineligible:
            raise CommandError(
                _("未导入：有 %(n)d 家已有申报的单位将不再符合申报范围；核对后加 --accept-ineligible 再导入。")
                % {"n": len(plan.warnings)},
                returncode=1,
            )
        if dry_run:
            created, updated, unchanged = plan.counts
            prefix = _("试运行，未写入：")
        else:
            created, updated, unchanged = apply_unit_rows(
                result.rows, None, source=f"cli:{path.name}", accept_ineligible=accept_ineligible
            )
            prefix = _("导入完成：")
        self.stdout.write(
            prefix
            + _("新增 %(created)d 家，更新 %(updated)d 家，未变 %(unchanged)d 家。")
            % {"created": created, "updated": updated, "unchanged": unchanged}
        )

    def _describe(self, plan) -> None:
        """New units, renames and changes of named years, each under its own heading."""
        if plan.to_create:
            self.stdout.write(_("新增单位（%(n)d）：") % {"n": len(plan.to_create)})
            for unit in plan.to_create:
                self.stdout.write(f"  {unit.name}")
        if plan.renames:
            self.stdout.write(_("改名（%(n)d）：") % {"n": len(plan.renames)})
            for old, new in plan.renames:
                self.stdout.write(f"  {old} → {new}")
        if plan.year_changes:
            self.stdout.write(_("命名年份变化（%(n)d）：") % {"n": len(plan.year_changes)})
            for change in plan.year_changes:
                self.stdout.write(f"  {change.name}：{describe_years(change.added, change.removed)}")


def describe_years(added: list[int], removed: list[int]) -> str:
    parts = []
    if added:
        parts.append(_("增加 %(years)s") % {"years": "、".join(map(str, added))})
    if removed:
        parts.append(_("去掉 %(years)s") % {"years": "、".join(map(str, removed))})
    return "；".join(parts)
