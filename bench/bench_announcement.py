"""Benchmark of the announcement: the public results page and its JSON under load, and the 40 selection letters.

One run, on this machine, loopback only:

1. a throwaway SQLite database with ``migrate`` and ``load-demo`` (the 2020 call goes the whole way: two published
   announcements, 40 selected applications), ``collectstatic`` under the production settings (as ``bench_http.py``);
2. gunicorn with ``deploy/gunicorn.conf.py`` serving ``psyboost.wsgi`` with the production settings, and beside it
   the bare Django view: (a) ``GET /calls/2020/results/`` anonymous, (b) ``GET /calls/2020/results.json``
   anonymous, (c) the bare view; rounds take a, b, c in turn; a/c and b/c are the medians of the rounds' ratios.
   The target: a and b at ≥ 50 % of c's requests/second (both are cached per worker under a stamp of what can
   change them: publishing, a correction, an amendment, a period's boundary);
3. the selection letters (入选通知书) of the 40 selected applications rendered as the background worker does
   (``announcement.tasks.render_selection_letter``, one after the other in one process, stored files removed
   first): total seconds; the target is < 20 s.

Run: ``.venv/bin/python bench/bench_announcement.py [--duration 10] [--rounds 3]`` (results in
bench/results/announcement.json).
"""

import argparse
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from _common import PYTHON, write_result
from bench_http import SETUP_TIMEOUT, expect_page, gunicorn, measure, prepare

PAGES = (
    ("a", "(a) public results page", "/calls/2020/results/"),
    ("b", "(b) results JSON", "/calls/2020/results.json"),
    ("c", "(c) bare Django view", "/"),
)
MARKERS = {"a": "评选结果", "b": "announcements", "c": "ok"}

LETTERS = r"""
import json, time
import django
django.setup()
from django.core.files.storage import default_storage
from psyboost.announcement import letters
from psyboost.announcement.tasks import render_selection_letter
from psyboost.applications.models import Application
selected = list(Application.objects.filter(call__year=2020, state="selected").select_related("call"))
for application in selected:
    name = letters.storage_name(application)
    if default_storage.exists(name):
        default_storage.delete(name)
start = time.perf_counter()
for application in selected:
    render_selection_letter.call(application.pk)
seconds = time.perf_counter() - start
sizes = [default_storage.size(letters.storage_name(application)) for application in selected]
figures = {"letters": len(selected), "seconds": round(seconds, 2), "bytes_median": int(statistics.median(sizes))}
print(json.dumps(figures))
""".replace("import json, time", "import json, statistics, time")


def letters_figure(env: dict) -> dict:
    dev = {**env, "DJANGO_SETTINGS_MODULE": "psyboost.settings.dev", "DEBUG": "false"}
    done = subprocess.run([PYTHON, "-c", LETTERS], env=dev, capture_output=True, text=True, timeout=SETUP_TIMEOUT)
    if done.returncode != 0:
        raise RuntimeError(f"letters failed:\n{done.stderr[-3000:]}")
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])


def main(args) -> dict:
    if args.client == "auto":
        args.client = "wrk" if shutil.which("wrk") else "python"
    workers = args.workers or 5
    with tempfile.TemporaryDirectory(prefix="psyboost-bench-announcement-") as tmp:
        workdir = Path(tmp)
        env = prepare(workdir, workers)
        bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bare_django"}
        with (
            gunicorn("psyboost.wsgi", env, workdir / "gunicorn-psyboost.log") as app_port,
            gunicorn("bare_django:application", bare_env, workdir / "gunicorn-bare.log") as bare_port,
        ):
            ports = {"a": app_port, "b": app_port, "c": bare_port}
            sizes = {key: expect_page(ports[key], path, MARKERS[key]) for key, _label, path in PAGES}
            rounds = []
            for number in range(1, args.rounds + 1):
                print(f"round {number}/{args.rounds}")
                rounds.append({key: measure(label, ports[key], path, args) for key, label, path in PAGES})
        letters = letters_figure(env)
    pages = [
        {
            "label": label,
            "path": path,
            "bytes": sizes[key],
            "rps": round(statistics.median(round_[key]["rps"] for round_ in rounds), 1),
            "p50_ms": round(statistics.median(round_[key]["p50_ms"] for round_ in rounds), 2),
            "p95_ms": round(statistics.median(round_[key]["p95_ms"] for round_ in rounds), 2),
            "errors": sum(round_[key]["errors"] for round_ in rounds),
        }
        for key, label, path in PAGES
    ]
    ratios = {
        f"{key}_over_c_rps": round(statistics.median(r[key]["rps"] / r["c"]["rps"] for r in rounds), 3)
        for key in ("a", "b")
    }
    print(f"share of bare Django: results page {ratios['a_over_c_rps']:.1%}, JSON {ratios['b_over_c_rps']:.1%}")
    print(f"{letters['letters']} selection letters in {letters['seconds']} s")
    setup = {
        "workers": workers,
        "database": "SQLite (temporary)",
        "client": "wrk" if args.client == "wrk" else "python http.client",
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "rounds": args.rounds,
    }
    figures = {"setup": setup, "pages": pages, "ratios": ratios, "letters": letters}
    print(f"written to {write_result('announcement', figures)}")
    return figures


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main(arguments())
