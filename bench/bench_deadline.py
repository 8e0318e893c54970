"""Benchmark of the deadline day: 270 units, 40 at a time, each logging in, opening the four sections of its
form, autosaving and submitting — login included, bounded to 2 minutes.

One run per database (``--databases sqlite postgresql``), on this machine, loopback only:

1. a throwaway database — SQLite in a temporary directory, or the PostgreSQL database ``psyboost_bench_perf`` on
   127.0.0.1:5432 (user ``postgres``), created here and dropped at the end — ``migrate``, ``collectstatic`` with the
   production settings, an open call, and ``--units`` units, each with a unit account (Argon2id hash of the
   production hasher list, the real login cost) and a complete draft (the demo's complete content and photos);
2. gunicorn with ``deploy/gunicorn.conf.py`` serving ``psyboost.wsgi`` with the production settings (as
   ``bench_http.py``) and, beside it, the same config serving ``bare_django:application``;
3. ``--concurrency`` client threads take the units one after another; a unit's visit is 9 requests: GET the login
   page, POST the login form, GET sections 一 to 四, POST an autosave of section 一 (JSON), GET the pre-submit check,
   POST the submission. The unit is finished when every answer was the expected one (200, or the 302 of the login
   and of the submission) and the application is submitted. Nothing starts after ``--limit`` seconds (120).
4. the same visits (9 GETs each) against the bare view, same concurrency, for the ratio.

Reported per database: units finished within the limit, wall time, per-request p50/p95/p99, errors, the login's
server share (POST login p50 ÷ GET login page p50), per-unit p50/p95, and the p50 ratio bare ÷ psyboost.

Run: ``PYTHONPATH=src .venv/bin/python bench/bench_deadline.py [--databases sqlite postgresql]``
(results in bench/results/deadline.json).
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from _common import PYTHON, django_env, production_env, write_result
from bench_http import SETUP_TIMEOUT, cookies_of, gunicorn

REQUEST_TIMEOUT = 30
PASSWORD = "Deadline-2020-ok"
SECTIONS = ("basic", "foundation", "history", "project")
PG_NAME = "psyboost_bench_perf"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"

SETUP = r"""
import json, random, sys
import django
django.setup()
from datetime import timedelta
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from psyboost.accounts.models import Role, User
from psyboost.calls.models import Call, Unit
from psyboost.demo import applications as demo

now = timezone.now()
call = Call.objects.create(year=2020, name="2020年职工心理服务助推项目", edition="2020版",
                           opens_at=now - timedelta(days=1), deadline=now + timedelta(days=30))
password = make_password(sys.argv[2])
found = []
for i in range(int(sys.argv[1])):
    unit = Unit.objects.create(name=f"截止日单位{i:03d}", district_union="朝阳区", parent_union="朝阳区总工会",
                               named_year=2017)
    user = User.objects.create(username=f"deadline{i:03d}", role=Role.UNIT, unit=unit, password=password)
    application = demo.build(random.Random(i), call, unit, user, "complete", now - timedelta(days=2))
    found.append({"pk": application.pk, "username": user.username, "version": application.version})
print(json.dumps({"units": found, "hash": password.split("$")[0] + "$" + password.split("$")[1]}))
"""


def request(port, method, path, cookies=None, body=None, headers=None):
    """One request on a new connection (as nginx does to sync workers): status, cookies set, text, seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
    started = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, cookies_of(response.getheaders()), text, time.perf_counter() - started
    finally:
        connection.close()


def visit(port: int, unit: dict, record) -> bool:
    """A unit's deadline-day visit; every request's latency goes to ``record(step, seconds, ok)``."""
    jar = {}

    def step(name, method, path, expect, body=None, headers=None):
        try:
            status, cookies, text, seconds = request(port, method, path, jar, body, headers)
        except (OSError, http.client.HTTPException):
            record(name, None, False)
            return None
        jar.update(cookies)
        ok = status == expect
        record(name, seconds, ok)
        return text if ok else None

    page = step("login page", "GET", "/accounts/login/", 200)
    if page is None:
        return False
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"csrfmiddlewaretoken": token, "username": unit["username"], "password": PASSWORD}
    posted = urllib.parse.urlencode(form)
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}
    if step("login", "POST", "/accounts/login/", 302, posted, form_type) is None:
        return False
    for section in SECTIONS:
        if step(f"section {section}", "GET", f"/applications/{unit['pk']}/form/{section}/", 200) is None:
            return False
    csrf = jar.get("csrftoken", "")
    data = {"union_leader": "王建国", "address": f"北京市朝阳区建国路{unit['pk']}号"}
    payload = json.dumps({"section": "basic", "version": unit["version"], "data": data}, ensure_ascii=False)
    json_headers = {"Content-Type": "application/json", "X-CSRFToken": csrf}
    if step("autosave", "POST", f"/applications/{unit['pk']}/autosave/", 200, payload.encode(), json_headers) is None:
        return False
    check = step("check page", "GET", f"/applications/{unit['pk']}/check/", 200)
    if check is None:
        return False
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', check).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token})
    return step("submit", "POST", f"/applications/{unit['pk']}/check/", 302, body, form_type) is not None


def bare_visit(port: int, unit: dict, record) -> bool:
    ok = True
    for _ in range(9):
        try:
            status, _cookies, _text, seconds = request(port, "GET", "/")
            record("bare", seconds, status == 200)
            ok = ok and status == 200
        except (OSError, http.client.HTTPException):
            record("bare", None, False)
            ok = False
    return ok


def run(port: int, units: list[dict], concurrency: int, limit: float, visit_of) -> dict:
    """``concurrency`` threads take units from one queue until none is left or ``limit`` seconds have passed."""
    lock = threading.Lock()
    queue = list(reversed(units))
    latencies, by_step, unit_seconds = [], {}, []
    counts = {"finished": 0, "failed": 0, "errors": 0, "started": 0}
    begin = time.perf_counter()

    def record(name, seconds, ok):
        with lock:
            if seconds is not None:
                latencies.append(seconds)
                by_step.setdefault(name, []).append(seconds)
            if not ok:
                counts["errors"] += 1

    def worker():
        while True:
            with lock:
                if not queue or time.perf_counter() - begin > limit:
                    return
                unit = queue.pop()
                counts["started"] += 1
            started = time.perf_counter()
            ok = visit_of(port, unit, record)
            finished = time.perf_counter()
            with lock:
                if ok and finished - begin <= limit:
                    counts["finished"] += 1
                    unit_seconds.append(finished - started)
                else:
                    counts["failed"] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=limit + 12 * REQUEST_TIMEOUT)
    wall = time.perf_counter() - begin

    def cuts(values):
        values = sorted(values)
        if len(values) < 2:
            return {"p50_ms": round(values[0] * 1000, 1) if values else None}
        q = statistics.quantiles(values, n=100)
        return {"p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}

    return {
        "units": len(units),
        **counts,
        "wall_s": round(wall, 1),
        "requests": len(latencies),
        **cuts(latencies),
        "unit_seconds": {key.replace("_ms", "_s"): round(v / 1000, 2) for key, v in cuts(unit_seconds).items() if v},
        "steps": {name: cuts(values) for name, values in sorted(by_step.items())},
    }


def postgres(command: str) -> None:
    psql = ["psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
    done = subprocess.run(
        [*psql, "-c", command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)


def prepare(workdir: Path, database: str, units: int, workers: int) -> tuple[dict, dict]:
    extra = {"DATABASE_URL": PG_URL, "DATABASE_CONN_MAX_AGE": "60"} if database == "postgresql" else {}
    dev = {**django_env(workdir), **extra}
    production = {
        **production_env(workdir, workers, FILE_DELIVERY="django"),
        **extra,
    }
    if database == "postgresql":
        postgres(f"DROP DATABASE IF EXISTS {PG_NAME}")
        postgres(f"CREATE DATABASE {PG_NAME}")
    for env, arguments in (
        (dev, ["-m", "psyboost", "migrate", "--no-input"]),
        (production, ["-m", "psyboost", "collectstatic", "--no-input"]),
    ):
        done = subprocess.run([PYTHON, *arguments], env=env, capture_output=True, text=True, timeout=SETUP_TIMEOUT)
        if done.returncode != 0:
            raise RuntimeError(f"{arguments} failed:\n{done.stderr[-3000:]}")
    # the production settings' hasher list (Argon2id first): the hash every login verifies
    done = subprocess.run(
        [PYTHON, "-c", SETUP, str(units), PASSWORD],
        env=production,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT * 2,
    )
    if done.returncode != 0:
        raise RuntimeError(f"setup failed:\n{done.stderr[-3000:]}")
    return production, json.loads(done.stdout.strip().splitlines()[-1])


def one_database(database: str, args, workers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="psyboost-bench-deadline-") as tmp:
        workdir = Path(tmp)
        try:
            env, made = prepare(workdir, database, args.units, workers)
            bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bare_django"}
            with (
                gunicorn("psyboost.wsgi", env, workdir / "gunicorn-psyboost.log") as app_port,
                gunicorn("bare_django:application", bare_env, workdir / "gunicorn-bare.log") as bare_port,
            ):
                units = made["units"]
                # warm every worker (code, templates) on the login page only: no unit is visited twice
                for _ in range(workers * 2):
                    request(app_port, "GET", "/accounts/login/")
                    request(bare_port, "GET", "/")
                print(f"{database}: {len(units)} units, {args.concurrency} at a time, hash {made['hash']} …")
                psyboost = run(app_port, units, args.concurrency, args.limit, visit)
                bare = run(bare_port, units, args.concurrency, args.limit, bare_visit)
        finally:
            if database == "postgresql":
                postgres(f"DROP DATABASE IF EXISTS {PG_NAME}")
    login_share = round(psyboost["steps"]["login"]["p50_ms"] / psyboost["steps"]["login page"]["p50_ms"], 2)
    result = {
        "database": database,
        "hash": made["hash"],
        "psyboost": psyboost,
        "bare": {key: bare[key] for key in ("requests", "errors", "wall_s", "p50_ms", "p95_ms", "p99_ms")},
        "login_over_login_page_p50": login_share,
        "ratio_p50_bare_over_psyboost": round(bare["p50_ms"] / psyboost["p50_ms"], 4),
    }
    print(
        f"  finished {psyboost['finished']}/{psyboost['units']} in {psyboost['wall_s']} s, "
        f"errors {psyboost['errors']}; "
        f"requests p50 {psyboost['p50_ms']} / p95 {psyboost.get('p95_ms')} / p99 {psyboost.get('p99_ms')} ms; "
        f"login p50 {psyboost['steps']['login']['p50_ms']} ms = ×{login_share} the login page; "
        f"bare p50 {bare['p50_ms']} ms (ratio {result['ratio_p50_bare_over_psyboost']})"
    )
    return result


def main(args) -> dict:
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    results = [one_database(database, args, workers) for database in args.databases]
    setup = {
        "units": args.units,
        "concurrency": args.concurrency,
        "limit_s": args.limit,
        "workers": workers,
        "visit": "login page, login, 4 sections, autosave, check page, submit",
    }
    figures = {"setup": setup, "runs": results}
    print(f"written to {write_result('deadline', figures)}")
    return figures


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=270)
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--limit", type=float, default=120, help="no visit starts after this many seconds")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default 2 × cores + 1)")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    return parser.parse_args(argv)


if __name__ == "__main__":
    main(arguments(sys.argv[1:]))
