"""Benchmark of the form's autosave: 100 unit users, each saving its own draft every 10 s for 2 minutes.

One run, on this machine, loopback only:

1. a throwaway SQLite database (``migrate``; ``collectstatic`` under the production settings), then ``--users``
   units, each with a unit user and a draft of the open call, and a signed-in session per user (created in the
   database directly: a login form per user would only measure the password hasher);
2. gunicorn with ``deploy/gunicorn.conf.py`` serving ``psyboost.wsgi`` with the production settings (as
   ``bench_http.py``) and, beside it, the same gunicorn config serving ``bare_django:application``;
3. ``--users`` client threads, each starting at a random moment of the first period and then POSTing every
   ``--period`` seconds for ``--seconds`` seconds: to psyboost the JSON autosave of section 一 (all its inputs, one
   of them changed each time, so every request is a real save: a new version, a ``DraftSave`` and an audit record),
   to the bare view the same body. First the psyboost run, then the bare run with the same schedule; before
   them one unmeasured save per user on each server (warm workers).

Reported: requests, errors (anything but 200, or no answer), p50/p95/p99 latency, and each latency as a ratio to
the bare view's. ``--seconds 20`` for a quick try. Every server is stopped at the end, whatever happens.

Run: ``.venv/bin/python bench/bench_autosave.py [--users 100] [--period 10] [--seconds 120]``
(results in bench/results/autosave.json).
"""

import argparse
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import PYTHON, django_env, production_env, write_result
from bench_http import SETUP_TIMEOUT, gunicorn

REQUEST_TIMEOUT = 30

SETUP = r"""
import json, sys
import django
django.setup()
from datetime import timedelta
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from psyboost.accounts.models import Role, User
from psyboost.applications import services
from psyboost.calls.models import Call, Unit

now = timezone.now()
call = Call.objects.create(year=2020, name="2020年职工心理服务助推项目", edition="2020版",
                           opens_at=now - timedelta(days=1), deadline=now + timedelta(days=30))
password = make_password(None)
found = []
for i in range(int(sys.argv[1])):
    unit = Unit.objects.create(name=f"压测单位{i:03d}", district_union="朝阳区", parent_union="朝阳区总工会",
                               named_year=2017)
    user = User.objects.create(username=f"bench{i:03d}", role=Role.UNIT, unit=unit, password=password)
    application = services.get_or_create_draft(call, unit, user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    found.append({"pk": application.pk, "session": session.session_key, "cookie": settings.SESSION_COOKIE_NAME})
print(json.dumps(found))
"""

BASIC = {
    "parent_union": "朝阳区总工会",
    "unit_nature": "state_owned",
    "headcount": "1200",
    "card_holders": "1100",
    "union_leader": "王建国",
    "union_leader_mobile": "13800138000",
    "union_leader_landline": "010-65001234",
    "contact_name": "李晓梅",
    "contact_mobile": "13911112222",
    "contact_landline": "65005678",
    "contact_email": "xinling@example.com",
    "address": "北京市朝阳区建国路88号",
    "unit_profile": "本单位为大型国有企业，职工一千二百人，主要从事城市供热服务。" * 5,
}


def prepare(workdir: Path, users: int, workers: int) -> tuple[dict, list[dict]]:
    dev = django_env(workdir)
    production = production_env(workdir, workers)
    for env, arguments in (
        (dev, ["-m", "psyboost", "migrate", "--no-input"]),
        (production, ["-m", "psyboost", "collectstatic", "--no-input"]),
    ):
        done = subprocess.run([PYTHON, *arguments], env=env, capture_output=True, text=True, timeout=SETUP_TIMEOUT)
        if done.returncode != 0:
            raise RuntimeError(f"{arguments} failed:\n{done.stderr[-3000:]}")
    # the sessions carry an HMAC of the SECRET_KEY: made with the very environment gunicorn runs with
    done = subprocess.run(
        [PYTHON, "-c", SETUP, str(users)], env=production, capture_output=True, text=True, timeout=SETUP_TIMEOUT
    )
    if done.returncode != 0:
        raise RuntimeError(f"setup failed:\n{done.stderr[-3000:]}")
    return production, json.loads(done.stdout.strip().splitlines()[-1])


def run_user(port, path_of, headers_of, body_of, start, period, until, out, lock):
    """One user: a request every ``period`` s from ``start`` until ``until``; latencies and errors into ``out``."""
    latencies, errors, statuses = [], 0, {}
    tick = start
    while tick < until:
        pause = tick - time.time()
        if pause > 0:
            time.sleep(pause)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        started = time.perf_counter()
        try:
            connection.request("POST", path_of(), body=body_of(), headers=headers_of())
            response = connection.getresponse()
            answer = response.read()
            latencies.append(time.perf_counter() - started)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status != 200:
                errors += 1
            else:
                out["on_answer"](answer)
        except (OSError, http.client.HTTPException):
            errors += 1
        finally:
            connection.close()
        tick += period
    with lock:
        out["latencies"].extend(latencies)
        out["errors"] += errors
        for status, count in statuses.items():
            out["statuses"][status] = out["statuses"].get(status, 0) + count


def warm_up(port: int, users: list[dict], bare: bool) -> None:
    """One save per user, not measured: every worker has loaded its code and templates before the timed run."""
    args = argparse.Namespace(seconds=0.5, period=0.5)
    load(port, users, args, bare, measured=False)


def load(port: int, users: list[dict], args, bare: bool, measured: bool = True) -> dict:
    lock = threading.Lock()
    begin = time.time() + 1
    until = begin + args.seconds
    rng = random.Random(20200401)
    threads = []
    for index, user in enumerate(users):
        state = user.setdefault("state", {"version": 1, "count": 0})
        csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret, in the cookie and the header

        def body_of(state=state, index=index):
            state["count"] += 1
            data = {**BASIC, "union_leader": f"王建国{state['count']}", "address": f"北京市朝阳区建国路{index}号"}
            return json.dumps(
                {"section": "basic", "version": state["version"], "data": data}, ensure_ascii=False
            ).encode()

        def headers_of(user=user, csrf=csrf):
            return {
                "Content-Type": "application/json",
                "X-CSRFToken": csrf,
                "Cookie": f"{user['cookie']}={user['session']}; csrftoken={csrf}",
            }

        def on_answer(answer, state=state):
            if not bare:
                state["version"] = json.loads(answer)["version"]

        path = "/" if bare else f"/applications/{user['pk']}/autosave/"
        out = {"on_answer": on_answer, "latencies": [], "errors": 0, "statuses": {}}
        start = begin + rng.uniform(0, args.period)
        thread = threading.Thread(
            target=run_user,
            args=(port, lambda path=path: path, headers_of, body_of, start, args.period, until, out, lock),
        )
        thread.out = out
        threads.append(thread)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + args.period + 2 * REQUEST_TIMEOUT + 5)
    if not measured:
        return {}
    latencies = sorted(latency for thread in threads for latency in thread.out["latencies"])
    statuses = {}
    for thread in threads:
        for status, count in thread.out["statuses"].items():
            statuses[str(status)] = statuses.get(str(status), 0) + count
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(latencies),
        "errors": sum(thread.out["errors"] for thread in threads),
        "statuses": statuses,
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else None,
    }


def main(args) -> dict:
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    with tempfile.TemporaryDirectory(prefix="psyboost-bench-autosave-") as tmp:
        workdir = Path(tmp)
        env, users = prepare(workdir, args.users, workers)
        bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bare_django"}
        with (
            gunicorn("psyboost.wsgi", env, workdir / "gunicorn-psyboost.log") as app_port,
            gunicorn("bare_django:application", bare_env, workdir / "gunicorn-bare.log") as bare_port,
        ):
            print(f"{args.users} users, a save every {args.period:g} s each, {args.seconds:g} s; psyboost autosave …")
            warm_up(app_port, users, bare=False)
            warm_up(bare_port, users, bare=True)
            autosave = load(app_port, users, args, bare=False)
            print(f"  {autosave}")
            print("bare Django view, same schedule …")
            bare = load(bare_port, users, args, bare=True)
            print(f"  {bare}")
    ratios = {f"{key}_ratio": round(autosave[key] / bare[key], 2) for key in ("p50_ms", "p95_ms", "p99_ms")}
    print(
        f"latency as a multiple of bare Django: p50 ×{ratios['p50_ms_ratio']}, p95 ×{ratios['p95_ms_ratio']}, "
        f"p99 ×{ratios['p99_ms_ratio']}"
    )
    setup = {
        "users": args.users,
        "period_s": args.period,
        "seconds": args.seconds,
        "workers": workers,
        "worker_class": "sync",
        "database": "SQLite (temporary)",
        "section": "basic (13 inputs, every save a real change)",
    }
    figures = {"setup": setup, "autosave": autosave, "bare": bare, "ratios": ratios}
    print(f"written to {write_result('autosave', figures)}")
    return figures


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100, help="concurrent users (default 100)")
    parser.add_argument("--period", type=float, default=10, help="seconds between two saves of a user (default 10)")
    parser.add_argument("--seconds", type=float, default=120, help="how long the load runs (default 120)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default 2 × cores + 1)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main(arguments(sys.argv[1:]))
