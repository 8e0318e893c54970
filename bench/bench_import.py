"""Benchmark of the registry import: a 270-row and a 10,000-row .xlsx, parsed and applied to an empty registry.

For each size, in a fresh child process with its own throwaway SQLite database (migrated first):

* seconds: ``calls.importing.parse_unit_file`` and ``calls.registry.apply_unit_rows`` (all rows new), the median of
  ``--repeat`` children; and a re-import of the same file (parse + apply, every row unchanged);
* peak memory: the peak of Python allocations during parse + apply (``tracemalloc``, a separate child because
  tracing slows everything down), and the child's peak resident set size (``ru_maxrss``) before and after.

The sheets have all eight columns (the four required and the four contact columns), like the federation's list.

Run: ``.venv/bin/python bench/bench_import.py`` (results in bench/results/import.json).
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _common import PYTHON, django_env, write_result

SIZES = (270, 10_000)
HEADER = ["单位名称", "所属区/产业工会", "上级工会名称", "命名年份", "联系人", "联系电话", "联系邮箱", "单位地址"]
CHILD_TIMEOUT = 600


def build_sheet(rows: int, path: Path) -> None:
    from openpyxl import Workbook

    from psyboost.calls.districts import DISTRICT_UNIONS

    unions = DISTRICT_UNIONS[:-1]  # not 其他
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for n in range(1, rows + 1):
        union = unions[n % len(unions)]
        sheet.append(
            [
                f"北京基准测试单位{n:05d}有限公司",
                union,
                f"{union}总工会" if union.endswith("区") else union,
                2015 + n % 5,
                "张晓明",
                f"010-6{n:07d}",
                f"unit{n:05d}@example.com",
                f"北京市朝阳区测试路{n}号",
            ]
        )
    workbook.save(path)


def child(sheet: Path, mode: str) -> dict:
    """Runs in the child process: migrate, then parse and apply the sheet, and report the figures."""
    import django

    django.setup()
    from django.core.management import call_command

    from psyboost.calls.importing import parse_unit_file
    from psyboost.calls.registry import apply_unit_rows

    call_command("migrate", verbosity=0)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures: dict = {"rss_before_mb": rss_before / 1024, "bytes": sheet.stat().st_size}
    if mode == "memory":
        tracemalloc.start()
    started = time.perf_counter()
    with sheet.open("rb") as fileobj:
        result = parse_unit_file(fileobj, sheet.name)
    parsed = time.perf_counter()
    assert not result.errors, result.errors[:3]
    counts = apply_unit_rows(result.rows, None, source="bench")
    applied = time.perf_counter()
    if mode == "memory":
        figures["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    figures.update(
        rows=len(result.rows),
        counts=counts,
        parse_s=parsed - started,
        apply_s=applied - parsed,
        total_s=applied - started,
        rss_peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    if mode == "time":
        started = time.perf_counter()
        with sheet.open("rb") as fileobj:
            again = parse_unit_file(fileobj, sheet.name)
        figures["reimport_counts"] = apply_unit_rows(again.rows, None, source="bench")
        figures["reimport_s"] = time.perf_counter() - started
    return figures


def run_child(sheet: Path, mode: str, workdir: Path) -> dict:
    workdir.mkdir()
    done = subprocess.run(
        [PYTHON, __file__, "--child", str(sheet), "--mode", mode],
        env=django_env(workdir),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({mode}, {sheet.name}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(rows: int, repeat: int, tmp: Path) -> dict:
    sheet = tmp / f"units-{rows}.xlsx"
    build_sheet(rows, sheet)
    timings = [run_child(sheet, "time", tmp / f"time-{rows}-{i}") for i in range(repeat)]
    memory = run_child(sheet, "memory", tmp / f"memory-{rows}")
    for timing in timings:
        assert tuple(timing["counts"]) == (rows, 0, 0), timing["counts"]
        assert tuple(timing["reimport_counts"]) == (0, 0, rows), timing["reimport_counts"]

    def median(key):
        return statistics.median(timing[key] for timing in timings)

    return {
        "rows": rows,
        "file_kb": round(timings[0]["bytes"] / 1024, 1),
        "parse_s": round(median("parse_s"), 3),
        "apply_s": round(median("apply_s"), 3),
        "total_s": round(median("total_s"), 3),
        "reimport_s": round(median("reimport_s"), 3),
        "tracemalloc_peak_mb": round(memory["tracemalloc_peak_mb"], 1),
        "rss_before_mb": round(statistics.median(t["rss_before_mb"] for t in timings), 1),
        "rss_peak_mb": round(statistics.median(t["rss_peak_mb"] for t in timings), 1),
        "repeat": repeat,
    }


def main(repeat: int = 3) -> dict:
    with tempfile.TemporaryDirectory(prefix="psyboost-bench-import-") as tmp:
        results = [measure(rows, repeat, Path(tmp)) for rows in SIZES]
    for result in results:
        print(
            f"{result['rows']:>6} rows ({result['file_kb']:.0f} KB): parse {result['parse_s']:.2f} s + apply "
            f"{result['apply_s']:.2f} s = {result['total_s']:.2f} s; re-import {result['reimport_s']:.2f} s; "
            f"tracemalloc peak {result['tracemalloc_peak_mb']:.1f} MB; RSS {result['rss_before_mb']:.0f} → "
            f"{result['rss_peak_mb']:.0f} MB"
        )
    path = write_result("import", {"sizes": results})
    print(f"written to {path}")
    return {"sizes": results}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="children timed per size (the median is reported)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=["time", "memory"], default="time", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(arguments.child, arguments.mode)))
        sys.exit(0)
    main(arguments.repeat)
