"""``psyboost import-units FILE [--dry-run]``: exit codes and what it prints."""

import os
import subprocess
import sys
from datetime import datetime

import pytest

from psyboost.__main__ import main
from psyboost.audit.models import AuditEntry
from psyboost.calls.models import Unit
from tests.calls.sheets import HEADER, csv_bytes, unit_row, xlsx_bytes
from tests.factories import BEIJING, ApplicationFactory, CallFactory, UnitFactory

# The console script ends as Django's commands do, by closing every database connection. Inside a test's
# transaction that would break the test on PostgreSQL, so these tests run with real commits (transaction=True).
COMMITS = pytest.mark.django_db(transaction=True)


def run(*args) -> int:
    try:
        main(["psyboost", *args])
    except SystemExit as exit_:
        return exit_.code
    return 0


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "名录.xlsx"
    path.write_bytes(xlsx_bytes([unit_row(1), unit_row(2)]))
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "名录.csv"
    path.write_bytes(csv_bytes([unit_row(1), ["", "朝阳区", "朝阳区总工会", "2017.5"], unit_row(1)]))
    return path


@COMMITS
@pytest.mark.parametrize("command", ["import-units", "import_units"])
def test_a_good_file_is_imported_and_counted(command, good_file, capsys):
    assert run(command, str(good_file)) == 0

    assert capsys.readouterr().out == "导入完成：新增 2 家，更新 0 家，未变 0 家。\n"
    assert Unit.objects.count() == 2
    entry = AuditEntry.objects.get(action="calls.units_imported")
    assert entry.actor is None and entry.data["source"] == "cli:名录.xlsx"


@COMMITS
def test_a_reimport_reports_unchanged_units(good_file, capsys):
    run("import-units", str(good_file))
    capsys.readouterr()

    assert run("import-units", str(good_file)) == 0
    assert capsys.readouterr().out == "导入完成：新增 0 家，更新 0 家，未变 2 家。\n"
    assert Unit.objects.count() == 2


@COMMITS
def test_dry_run_counts_without_writing(good_file, capsys):
    Unit.objects.create(name="北京测试单位00001", district_union="朝阳区", parent_union="朝阳区总工会", named_year=2016)

    assert run("import-units", str(good_file), "--dry-run") == 0

    assert capsys.readouterr().out.splitlines() == [
        "新增单位（1）：",
        "  北京测试单位00002",
        "命名年份变化（1）：",
        "  北京测试单位00001：增加 2017；去掉 2016",
        "试运行，未写入：新增 1 家，更新 1 家，未变 0 家。",
    ]
    assert Unit.objects.count() == 1
    assert not AuditEntry.objects.exists()


CODE = "91110000MA0000000H"


@pytest.fixture
def applied_unit(db):
    """北京甲公司 (credit code CODE, named 2017) with a submitted application to the 2020 call (named 2015–2019)."""
    unit = UnitFactory(name="北京甲公司", named_year=2017, credit_code=CODE)
    ApplicationFactory(
        unit=unit,
        call=CallFactory(year=2020),
        state="submitted",
        number=1,
        submitted_at=datetime(2020, 7, 1, tzinfo=BEIJING),
    )
    return unit


@pytest.fixture
def renaming_file(tmp_path):
    path = tmp_path / "名录2021.csv"
    path.write_bytes(
        csv_bytes([["北京甲集团有限公司", "朝阳区", "朝阳区总工会", "2021", CODE]], [*HEADER, "统一社会信用代码"])
    )
    return path


@COMMITS
def test_dry_run_shows_the_rename_the_years_and_the_warning(applied_unit, renaming_file, capsys):
    assert run("import-units", str(renaming_file), "--dry-run") == 0

    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "改名（1）：",
        "  北京甲公司 → 北京甲集团有限公司",
        "命名年份变化（1）：",
        "  北京甲集团有限公司：增加 2021；去掉 2017",
        "试运行，未写入：新增 0 家，更新 1 家，未变 0 家。",
    ]
    assert captured.err.splitlines() == [
        "警告：“北京甲集团有限公司”改为命名年份 2021 后，将不再符合《2020年职工心理服务助推项目》的申报范围，"
        "而它已有申报。"
    ]


@COMMITS
def test_an_import_making_a_unit_ineligible_needs_accept_ineligible(applied_unit, renaming_file, capsys):
    assert run("import-units", str(renaming_file)) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == (
        "CommandError: 未导入：有 1 家已有申报的单位将不再符合申报范围；核对后加 --accept-ineligible 再导入。"
    )
    assert Unit.objects.get().name == "北京甲公司"

    assert run("import-units", str(renaming_file), "--accept-ineligible") == 0

    assert capsys.readouterr().out == "导入完成：新增 0 家，更新 1 家，未变 0 家。\n"
    unit = Unit.objects.get()
    assert (unit.name, unit.former_name_list, unit.named_years) == ("北京甲集团有限公司", ["北京甲公司"], [2021])


@COMMITS
@pytest.mark.parametrize("command", ["import-units", "import_units"])
def test_a_refused_file_prints_each_problem_and_exits_non_zero(command, bad_file, capsys):
    assert run(command, str(bad_file)) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "第3行 单位名称：单位名称不能为空。",
        "第3行 命名年份：“2017.5”不是年份，应填写四位数字年份，如 2017。",
        "第4行 单位名称：单位名称“北京测试单位00001”与第2行重复。",
        "CommandError: 导入被拒绝：共 3 处问题，未导入任何单位。",
    ]
    assert Unit.objects.count() == 0


@COMMITS
def test_a_missing_file_exits_non_zero(tmp_path, capsys):
    assert run("import-units", str(tmp_path / "nope.xlsx")) == 1
    assert capsys.readouterr().err == f"CommandError: 找不到文件：{tmp_path / 'nope.xlsx'}\n"


def test_the_console_script_refuses_a_text_file_renamed_xlsx(tmp_path):
    path = tmp_path / "名录.xlsx"
    path.write_text("单位名称,命名年份\n甲,2017\n", encoding="utf-8")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "psyboost.settings.test",
        "PSYBOOST_VAR_DIR": str(tmp_path),
        "PYTHONIOENCODING": "utf-8",
    }

    completed = subprocess.run(
        [sys.executable, "-m", "psyboost", "import-units", str(path)],
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr.splitlines() == [
        "文件不是有效的 Excel（.xlsx）文件，可能是改了扩展名的其他文件。请在 Excel 中“另存为” .xlsx 或 .csv。",
        "CommandError: 导入被拒绝：共 1 处问题，未导入任何单位。",
    ]
