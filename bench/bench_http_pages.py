"""The review result pages and the form's section pages under concurrent load, as a share of the bare Django view.

    .venv/bin/python bench/bench_http_pages.py [--applications 750] [--duration 10] [--rounds 3] [--only review]

Served and loaded as ``bench_http.py`` does (its functions): gunicorn with ``deploy/gunicorn.conf.py`` and the
production settings, ``wrk`` with 32 connections, a warm-up whose abandoned requests are drained, then
``--duration`` seconds per page; the bare view (``bare_django.py``) under the same config in every round, and each
ratio is the median of the rounds' own ratios (requests/second of the page ÷ those of the bare view).

Data: a throwaway SQLite database, migrated, then (in a child process) the call of ``bench_review_pages.py``
(``--applications`` accepted applications × 30 experts × 3 submitted materials reviews × 10 criteria) and, in a
call open now, a complete draft of the demo's content (every field, the tables filled) of a unit user. Both users
sign in through the login form. The review pages are requested once before the load, so the stored results are in
place, as they are on a server between changes. Targets (issue 12): review pages ≥ 0.05, section pages ≥ 0.03.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import BENCH_DIR, PYTHON, django_env, production_env, write_result
from bench_http import SETUP_TIMEOUT, cookies_of, expect_page, fetch, gunicorn, login, measure

PASSWORD = "bench-password-2020"
TOTP_KEY = "3132333435363738393031323334353637383930"  # hex, the RFC 6238 test key
REVIEW = {
    "ranking": "/review/{year}/ranking/",
    "progress": "/review/{year}/progress/?stage=materials",
    "assignments": "/review/{year}/assignments/?stage=materials",
    "selection": "/review/{year}/selection/",
    "insight": "/review/{year}/insight/?stage=materials",
}
SECTIONS = ("basic", "foundation", "history", "project", "signoff")
TARGETS = {"review": 0.05, "section": 0.03}


def setup_child(applications: int) -> dict:
    """In a child process (dev settings, the bench database): build the data, set the two passwords."""
    sys.argv = [sys.argv[0]]
    import importlib

    # first: sets Django up (the environment's settings) and puts the repository on the path
    bench_review_pages = importlib.import_module("bench_review_pages")
    import random
    from datetime import timedelta

    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from tests import factories

    from psyboost.demo import applications as demo

    call, staff, _scores = bench_review_pages.build(applications)
    staff.set_password(PASSWORD)
    staff.save()
    TOTPDevice.objects.create(user=staff, name="bench", confirmed=True, key=TOTP_KEY)  # production asks for it
    now = timezone.now()
    open_call = factories.CallFactory(
        year=now.year + 1, opens_at=now - timedelta(days=1), deadline=now + timedelta(days=30)
    )
    unit = factories.UnitFactory()
    user = factories.UnitUserFactory(unit=unit)
    user.set_password(PASSWORD)
    user.save()
    draft = demo.build(random.Random(7), open_call, unit, user, "complete", now - timedelta(days=1))
    return {"year": call.year, "staff": staff.username, "unit_user": user.username, "application": draft.pk}


def verified(port: int, cookie: str) -> str:
    """The staff session after the second factor (a TOTP code of ``TOTP_KEY``): its Cookie header."""
    import re
    import urllib.parse

    from django_otp.oath import totp

    status, headers, html = fetch(port, "GET", "/accounts/second-factor/verify/", {"Cookie": cookie})
    assert status == 200, status
    csrf = cookies_of(headers)["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    code = f"{totp(bytes.fromhex(TOTP_KEY)):06d}"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "token": code})
    headers_ = {"Cookie": f"{cookie}; csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"}
    status, headers, _ = fetch(port, "POST", "/accounts/second-factor/verify/", headers_, body)
    assert status == 302, f"second factor answered {status}"
    session = cookies_of(headers).get("sessionid")
    return f"sessionid={session}" if session else cookie


def prepare(workdir: Path, applications: int, workers: int) -> tuple[dict, dict]:
    dev = django_env(workdir)
    production = production_env(workdir, workers)
    steps = (
        (dev, [PYTHON, "-m", "psyboost", "migrate", "--no-input"]),
        (dev, [PYTHON, str(BENCH_DIR / "bench_http_pages.py"), "--setup", "--applications", str(applications)]),
        (production, [PYTHON, "-m", "psyboost", "collectstatic", "--no-input"]),
    )
    data = {}
    for env, command in steps:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=SETUP_TIMEOUT * 2)
        if done.returncode != 0:
            raise RuntimeError(f"{command[2]} failed:\n{done.stderr[-3000:]}")
        if "--setup" in command:
            data = json.loads(done.stdout.strip().splitlines()[-1])
    return production, data


def main(args) -> dict:
    args.client = "wrk" if shutil.which("wrk") else "python"
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    with tempfile.TemporaryDirectory(prefix="psyboost-bench-http-pages-") as tmp:
        workdir = Path(tmp)
        env, data = prepare(workdir, args.applications, workers)
        bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bare_django"}
        with (
            gunicorn("psyboost.wsgi", env, workdir / "gunicorn-psyboost.log") as app_port,
            gunicorn("bare_django:application", bare_env, workdir / "gunicorn-bare.log") as bare_port,
        ):
            pages = []  # (group, name, port, path, headers)
            if args.only in ("all", "review"):
                staff = {"Cookie": verified(app_port, login(app_port, data["staff"], PASSWORD))}
                for name, path in REVIEW.items():
                    pages.append(("review", name, app_port, path.format(year=data["year"]), staff))
            if args.only in ("all", "sections"):
                unit = {"Cookie": login(app_port, data["unit_user"], PASSWORD)}
                for section in SECTIONS:
                    path = f"/applications/{data['application']}/form/{section}/"
                    pages.append(("section", section, app_port, path, unit))
            sizes = {}
            for _group, name, port, path, headers in pages:
                sizes[name] = expect_page(port, path, "</html>", headers)  # also stores the review results
            expect_page(bare_port, "/", "ok")
            rounds = []
            for number in range(1, args.rounds + 1):
                print(f"round {number}/{args.rounds}", flush=True)
                figures = {}
                for _group, name, port, path, headers in pages:
                    figures[name] = measure(name, port, path, args, headers)
                figures["bare"] = measure("bare Django view", bare_port, "/", args)
                rounds.append(figures)
    results = []
    for group, name, _port, path, _headers in pages:
        ratio = statistics.median(round_[name]["rps"] / round_["bare"]["rps"] for round_ in rounds)
        results.append(
            {
                "group": group,
                "page": name,
                "path": path,
                "bytes": sizes[name],
                "rps": round(statistics.median(round_[name]["rps"] for round_ in rounds), 1),
                "p50_ms": round(statistics.median(round_[name]["p50_ms"] for round_ in rounds), 1),
                "errors": sum(round_[name]["errors"] for round_ in rounds),
                "over_bare": round(ratio, 3),
                "target": TARGETS[group],
                "met": ratio >= TARGETS[group],
            }
        )
    bare = {
        "rps": round(statistics.median(round_["bare"]["rps"] for round_ in rounds), 1),
        "rps_per_round": [round_["bare"]["rps"] for round_ in rounds],
    }
    print(f"medians of {args.rounds} rounds ({args.applications} applications; bare view {bare['rps']} req/s):")
    for row in results:
        print(
            f"  {row['group']:<8} {row['page']:<12} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f} ms  "
            f"÷ bare {row['over_bare']:.3f} (target {row['target']}) {'ok' if row['met'] else 'MISSED'}"
        )
    setup = {
        "applications": args.applications,
        "workers": workers,
        "client": args.client,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "load_average_at_end": os.getloadavg(),
    }
    figures = {"setup": setup, "bare": bare, "pages": results}
    print(f"written to {write_result('http_pages', figures)}")
    return figures


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=750)
    parser.add_argument("--only", choices=["all", "review", "sections"], default="all")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = arguments(sys.argv[1:])
    if options.setup:
        print(json.dumps(setup_child(options.applications)))
    else:
        main(options)
