"""Run every benchmark (bench/bench_*.py), then write the results table into bench/README.md.

Each script runs in its own process with a time limit. ``bench_import`` and ``bench_http`` leave their figures in
bench/results/*.json, from which the table is built; the output of any other script is kept in
bench/results/<name>.txt and shown below the table. Exits non-zero if any script failed.

Run: ``make bench`` or ``.venv/bin/python bench/run_all.py [--only import http]``.
"""

import argparse
import json
import subprocess
import sys
import time

from _common import BENCH_DIR, PYTHON, REPO, RESULTS_DIR

README = BENCH_DIR / "README.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
FIRST = ["import", "http"]  # these two first; any other bench_*.py after, alphabetically
SCRIPT_TIMEOUT = 1800


def scripts(only: list[str] | None) -> list[str]:
    found = sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))
    ordered = [name for name in FIRST if name in found] + [name for name in found if name not in FIRST]
    return [name for name in ordered if not only or name in only]


def run(name: str) -> bool:
    print(f"== bench_{name}", flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run(
            [PYTHON, str(BENCH_DIR / f"bench_{name}.py")],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=SCRIPT_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        print(f"bench_{name} did not finish within {SCRIPT_TIMEOUT} s")
        return False
    print(done.stdout, end="")
    if name not in FIRST:
        RESULTS_DIR.mkdir(exist_ok=True)
        (RESULTS_DIR / f"{name}.txt").write_text(done.stdout, encoding="utf-8")
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
    print(f"   ({time.monotonic() - started:.0f} s, exit {done.returncode})", flush=True)
    return done.returncode == 0


def machine_line(result: dict) -> str:
    m = result["machine"]
    return (
        f"{result['date']} — {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, {m['os']}; Python {m['python']}, "
        f"Django {m['django']}, gunicorn {m['gunicorn']}, SQLite {m['sqlite']}"
    )


def import_table(result: dict) -> list[str]:
    lines = [
        "### Registry import (`bench_import.py`)",
        "",
        machine_line(result) + ".",
        "",
        "| rows | file | parse | apply (all new) | total | re-import (unchanged) | peak memory (tracemalloc) "
        "| peak RSS of the process (before → after) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in result["sizes"]:
        lines.append(
            f"| {size['rows']:,} | {size['file_kb']:.0f} KB | {size['parse_s']:.2f} s | {size['apply_s']:.2f} s "
            f"| **{size['total_s']:.2f} s** | {size['reimport_s']:.2f} s | **{size['tracemalloc_peak_mb']:.1f} MB** "
            f"| {size['rss_before_mb']:.0f} → {size['rss_peak_mb']:.0f} MB |"
        )
    lines += ["", f"Times are the median of {result['sizes'][0]['repeat']} fresh processes, each on an empty database."]
    return lines


def http_table(result: dict) -> list[str]:
    setup = result["setup"]
    lines = [
        "### Pages under load (`bench_http.py`)",
        "",
        machine_line(result) + ".",
        f"gunicorn `deploy/gunicorn.conf.py`, {setup['workers']} {setup['worker_class']} workers, "
        f"{setup['database']}; load from {setup['client']}, {setup['concurrency']} connections, "
        f"{setup['duration_s']:g} s per page after {setup['warmup_s']:g} s of warm-up, {setup['rounds']} rounds.",
        "",
        "| page | requests/s (median) | per round | p50 | p95 | requests (errors) | a/c, b/c |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = result["ratios"]
    shares = [f"**{ratios['a_over_c_rps']:.3f}**", f"**{ratios['b_over_c_rps']:.3f}**", "1"]
    for page, share in zip(result["pages"], shares, strict=True):
        rounds = " / ".join(f"{rps:.0f}" for rps in page["rps_per_round"])
        lines.append(
            f"| {page['label']} `{page['path']}` | **{page['rps']:.0f}** | {rounds} | {page['p50_ms']:.1f} ms "
            f"| {page['p95_ms']:.1f} ms | {page['requests']:,} ({page['errors']}) | {share} |"
        )
    lines += [
        "",
        f"Ratios: a/c = **{ratios['a_over_c_rps']:.3f}**, b/c = **{ratios['b_over_c_rps']:.3f}** (requests/second); "
        f"p50 latency a/c = {ratios['a_over_c_p50']:.2f}, b/c = {ratios['b_over_c_p50']:.2f}.",
    ]
    return lines


def results_section() -> str:
    lines = []
    for name, render in (("import", import_table), ("http", http_table)):
        path = RESULTS_DIR / f"{name}.json"
        if path.is_file():
            lines += [*render(json.loads(path.read_text(encoding="utf-8"))), ""]
    others = sorted(path for path in RESULTS_DIR.glob("*.txt"))
    for path in others:
        # review_pages_750.txt: the output of bench_review_pages.py with another size, run by hand
        name = path.stem
        while "_" in name and not (BENCH_DIR / f"bench_{name}.py").exists():
            name = name.rpartition("_")[0]
        variant = path.stem[len(name) :].lstrip("_")
        title = f"`bench_{name}.py`" + (f" ({variant})" if variant else "")
        lines += [f"### {title} (its own output)", "", "```", path.read_text().rstrip(), "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def update_readme() -> None:
    text = README.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{BEGIN}\n{results_section()}{END}{tail}", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names of the scripts to run (import, http, …)")
    parser.add_argument("--table-only", action="store_true", help="only rewrite the README table from results/")
    args = parser.parse_args(argv)
    ok = True
    if not args.table_only:
        ok = all([run(name) for name in scripts(args.only)])
    update_readme()
    print(f"results table written to {README}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
