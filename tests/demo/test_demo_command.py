"""``psyboost load-demo`` from an empty database: the command, the order of its steps, and where it is refused."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from psyboost.accounts.models import User
from psyboost.audit.models import AuditEntry
from psyboost.calls.credit_codes import check_character, is_valid
from psyboost.calls.lifecycle import PublicPhase, public_phase
from psyboost.calls.models import Call, Unit
from psyboost.demo.calls import implementation_period
from psyboost.demo.loader import STEPS, DemoRefused, load_demo
from psyboost.demo.units import demo_unit_rows

# 2026-11-28 17:21 UTC is already 29 November in Beijing.
NOW = datetime(2026, 11, 28, 17, 21, tzinfo=UTC)
FIRST_UNIT = "东城区人民政府妫水街道办事处"

pytestmark = pytest.mark.django_db


def test_steps_run_in_order_calls_units_accounts():
    assert [step.key for step in STEPS] == [
        "calls",
        "units",
        "accounts",
        "applications",
        "intake",
        "review",
        "announcement",
        "projects",
    ]


def test_the_unit_list_is_the_same_on_every_run():
    first, second = demo_unit_rows(), demo_unit_rows()
    assert first == second
    assert first[0]["name"] == FIRST_UNIT
    assert first[0]["contact_email"] == "xinling001@example.com"
    assert "credit_code" not in first[0] and first[1]["credit_code"] == "91110105MA0000002" + check_character(
        "91110105MA0000002"
    )
    assert sum(1 for row in first if is_valid(row.get("credit_code", ""))) == 135
    assert len({row["name"] for row in first}) == 270


def test_without_a_clock_given_the_open_call_is_the_one_of_the_day_in_beijing():
    """2026-12-31 16:30 UTC is already New Year's Day in Beijing: the 2027 call is the open one. (The day before the
    New Year is the command's test below, which loads the demo on 18 November 2026.)"""
    with time_machine.travel(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), tick=False):
        load_demo()
        assert public_phase(Call.objects.get(year=2027)) == PublicPhase.OPEN
    assert public_phase(Call.objects.get(year=2020)) == PublicPhase.FINISHED


@pytest.mark.parametrize(
    ("deadline", "start", "end"),
    [
        (date(2020, 7, 20), date(2020, 8, 1), date(2020, 12, 31)),
        (date(2026, 12, 29), date(2027, 1, 1), date(2027, 5, 31)),
        (date(2027, 1, 31), date(2027, 2, 1), date(2027, 6, 30)),
    ],
)
def test_implementation_starts_the_month_after_the_deadline_and_lasts_five_months(deadline, start, end):
    assert implementation_period(deadline) == (start, end)


def test_the_command_prints_what_each_step_did_and_the_password(capsys):
    """Without a clock given, the command loads at the present instant: on 18 November 2026 (10:00 in Beijing) the
    2026 call is the open one, and 2020 is finished."""
    with time_machine.travel(datetime(2026, 11, 18, 2, 0, tzinfo=UTC), tick=False):
        call_command("load-demo")
        out = capsys.readouterr().out
        assert "年度评选：新增 2，更新 0，未变 0" in out
        assert "单位名录：新增 270，更新 0，未变 0" in out
        assert "演示账号：新增 281，更新 0，未变 0" in out
        assert "psyboost-demo" in out
        assert public_phase(Call.objects.get(year=2026)) == PublicPhase.OPEN
        call_command("load_demo")
        assert "单位名录：新增 0，更新 0，未变 270" in capsys.readouterr().out
    assert public_phase(Call.objects.get(year=2020)) == PublicPhase.FINISHED


def test_it_is_refused_where_demo_data_is_not_allowed(settings):
    settings.PSYBOOST_ALLOW_DEMO = False
    with pytest.raises(DemoRefused):
        load_demo(now=NOW)
    with pytest.raises(CommandError, match="此环境禁止加载演示数据") as refusal:
        call_command("load-demo")
    assert refusal.value.returncode == 1
    assert (Call.objects.count(), Unit.objects.count(), User.objects.count(), AuditEntry.objects.count()) == (
        0,
        0,
        0,
        0,
    )


def test_production_settings_refuse_it_with_a_non_zero_exit(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "psyboost.settings.production",
        "SECRET_KEY": "k3-production-like-secret-for-the-test-only-0123456789abcdef",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'refused.sqlite3'}",
        "PSYBOOST_ALLOW_DEMO": "true",  # production ignores it
        "PSYBOOST_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "psyboost", "load-demo"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "此环境禁止加载演示数据" in done.stderr
    assert not (tmp_path / "refused.sqlite3").exists()


def test_it_refuses_a_database_holding_data_it_did_not_create(capsys):
    from tests import factories

    factories.StaffFactory(username="li.ming")
    factories.UnitFactory(name="北京真实单位有限公司")
    with pytest.raises(CommandError) as refusal:
        call_command("load-demo")
    assert refusal.value.returncode == 1
    assert str(refusal.value) == (
        "数据库中已有不是演示程序创建的数据（1 个非演示账号（如 li.ming）；"
        "1 家非演示单位（如 北京真实单位有限公司）），拒绝加载演示数据；请使用空数据库。"
    )
    assert (Call.objects.count(), Unit.objects.count(), User.objects.count(), AuditEntry.objects.count()) == (
        0,
        1,
        1,
        0,
    )
