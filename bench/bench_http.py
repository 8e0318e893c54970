"""Benchmark of pages under concurrent load: requests/second and p50/p95 latency, each as a ratio to bare Django.

One run, on this machine, loopback only:

1. a throwaway SQLite database: ``migrate`` and ``load-demo`` (270 units, the demo accounts), then
   ``collectstatic`` under ``psyboost.settings.production``;
2. gunicorn with ``deploy/gunicorn.conf.py`` (sync workers, 2 × cores + 1 unless ``--workers``) serving
   ``psyboost.wsgi`` with the production settings (DEBUG off, whitenoise, manifest static files; only
   ``SECURE_SSL_REDIRECT=false`` because there is no TLS here) on 127.0.0.1 and a free port;
   (a) ``GET /accounts/login/`` anonymous, (b) ``GET /staff/units/`` logged in as ``staff`` (one session cookie,
   page 1 of the 270 demo units, with its counts by district and year);
3. beside it, the same gunicorn config serving ``bare_django:application`` (one view returning
   ``HttpResponse("ok")``): (c) ``GET /``; then a/c and b/c.

Each figure: ``--warmup`` seconds discarded, then the requests the warm-up's client abandoned when it stopped (up to
one per connection) drained — the workers serve them before the measured window opens, not inside it — then
``--duration`` seconds at ``--concurrency`` open connections.
``--rounds`` rounds take a, b, c in turn; the medians are reported, and each ratio is the median of the rounds'
ratios, so that a machine busy with something else for a while skews all three pages alike. The
load comes from ``wrk`` when it is installed (``apt-get install wrk``), else from a Python client (processes ×
threads, http.client). Every server is stopped at the end, whatever happens.

Run: ``.venv/bin/python bench/bench_http.py`` (results in bench/results/http.json).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from _common import BENCH_DIR, PYTHON, REPO, django_env, free_port, production_env, wait_for_port, write_result

VENV_BIN = Path(PYTHON).parent
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
SETUP_TIMEOUT = 300
REQUEST_TIMEOUT = 10


# ---- servers ---------------------------------------------------------------------------------------------------


@contextmanager
def gunicorn(app: str, env: dict, log: Path):
    """gunicorn on 127.0.0.1 and a free port, in its own process group; yields the port, always stops it."""
    port = free_port()
    command = [str(VENV_BIN / "gunicorn"), "--config", str(GUNICORN_CONF), "--bind", f"127.0.0.1:{port}", app]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, env=env, cwd=BENCH_DIR, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_for_port(port, timeout=60)
        yield port
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # the group of the gunicorn master started above, and only that
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def fetch(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def cookies_of(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    return jar


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form (CSRF included); returns the Cookie header of the session."""
    status, headers, html = fetch(port, "GET", "/accounts/login/")
    assert status == 200, status
    csrf = cookies_of(headers)["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    status, headers, _ = fetch(
        port,
        "POST",
        "/accounts/login/",
        {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
        body,
    )
    assert status == 302, f"login of {username} answered {status}"
    return f"sessionid={cookies_of(headers)['sessionid']}"


def expect_page(port: int, path: str, marker: str, headers: dict | None = None) -> int:
    status, _, html = fetch(port, "GET", path, headers)
    assert status == 200 and marker in html, f"{path} answered {status} without {marker!r}"
    return len(html.encode())


# ---- load ------------------------------------------------------------------------------------------------------


def load(port: int, path: str, seconds: float, concurrency: int, headers: dict, client: str) -> dict:
    if client == "wrk":
        return _load_wrk(port, path, seconds, concurrency, headers)
    return _load_python(port, path, seconds, concurrency, headers)


def _load_wrk(port, path, seconds, concurrency, headers) -> dict:
    threads = max(1, min(os.cpu_count() or 1, concurrency))
    command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{max(1, round(seconds))}s"]
    command += [f"--timeout={REQUEST_TIMEOUT}s", "-s", str(BENCH_DIR / "wrk_report.lua")]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, timeout=seconds + 60
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    errors = sum(report[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return {
        "requests": report["requests"],
        "errors": errors,
        "rps": report["requests"] / (report["duration_us"] / 1e6),
        "p50_ms": report["p50_us"] / 1000,
        "p95_ms": report["p95_us"] / 1000,
    }


def _python_worker(port: int, path: str, headers: dict, threads: int, until: float):
    """One client process: ``threads`` threads, each with a keep-alive connection (renewed when the server closes)."""
    import threading

    results = []

    def run():
        latencies, errors = [], 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        while time.time() < until:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors += 1
                latencies.append(time.perf_counter() - started)
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
        connection.close()
        results.append((latencies, errors))

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=max(0, until - time.time()) + 2 * REQUEST_TIMEOUT)
    return [latency for latencies, _ in results for latency in latencies], sum(errors for _, errors in results)


def _load_python(port, path, seconds, concurrency, headers) -> dict:
    processes = max(1, min(os.cpu_count() or 1, concurrency))
    threads = [concurrency // processes + (1 if i < concurrency % processes else 0) for i in range(processes)]
    started = time.time()
    until = started + seconds
    with ProcessPoolExecutor(max_workers=processes) as pool:
        parts = list(
            pool.map(
                _python_worker,
                [port] * processes,
                [path] * processes,
                [headers] * processes,
                threads,
                [until] * processes,
            )
        )
    elapsed = time.time() - started
    latencies = sorted(latency for part, _ in parts for latency in part)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(latencies),
        "errors": sum(errors for _, errors in parts),
        "rps": len(latencies) / elapsed,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
    }


def drain(port: int, path: str, headers: dict, workers: int, timeout: float = 60) -> float:
    """Wait until the requests the warm-up's load generator abandoned (up to one per connection, still queued in
    the listen backlog or being served) are done: ``workers`` probe requests sent together after the warm-up
    queue behind them, and when every probe is answered every worker has reached the end of the queue. Returns
    the seconds waited."""
    import threading

    started = time.perf_counter()
    answered = []

    def probe():
        try:
            status, _headers, _body = fetch(port, "GET", path, headers)
            answered.append(status)
        except (OSError, http.client.HTTPException):
            answered.append(None)

    probes = [threading.Thread(target=probe) for _ in range(workers)]
    for thread in probes:
        thread.start()
    for thread in probes:
        thread.join(timeout=max(0.0, timeout - (time.perf_counter() - started)))
    return time.perf_counter() - started


def measure(label, port, path, args, headers=None) -> dict:
    headers = headers or {}
    load(port, path, args.warmup, args.concurrency, headers, args.client)
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    for _ in range(2):  # a second round: a worker may still have been busy with an abandoned one after the first
        drain(port, path, headers, workers)
    figure = load(port, path, args.duration, args.concurrency, headers, args.client)
    figure = {key: round(value, 2) if isinstance(value, float) else value for key, value in figure.items()}
    print(
        f"{label:<34} {figure['rps']:8.1f} req/s   p50 {figure['p50_ms']:7.1f} ms   p95 {figure['p95_ms']:7.1f} ms"
        f"   ({figure['requests']} requests, {figure['errors']} errors)"
    )
    return figure


# ---- the run ---------------------------------------------------------------------------------------------------


def prepare(workdir: Path, workers: int) -> dict:
    """Migrate and load the demo (dev settings), collect static files; the environment gunicorn runs with."""
    dev = django_env(workdir)
    production = production_env(workdir, workers)
    for env, command in ((dev, "migrate"), (dev, "load-demo"), (production, "collectstatic")):
        arguments = [PYTHON, "-m", "psyboost", command] + (["--no-input"] if command != "load-demo" else [])
        done = subprocess.run(arguments, env=env, capture_output=True, text=True, timeout=SETUP_TIMEOUT)
        if done.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{done.stderr[-3000:]}")
    return production


PAGES = (
    ("a", "(a) login page", "/accounts/login/"),
    ("b", "(b) staff unit list (270 units)", "/staff/units/"),
    ("c", "(c) bare Django view", "/"),
)


def summarise(rounds: list[dict], sizes: dict) -> tuple[list[dict], dict]:
    """Per page the medians over the rounds; the ratios are the medians of each round's own ratio."""
    pages = []
    for key, label, path in PAGES:
        runs = [round_[key] for round_ in rounds]
        pages.append(
            {
                "label": label,
                "path": path,
                "bytes": sizes[key],
                "rps": round(statistics.median(run["rps"] for run in runs), 1),
                "p50_ms": round(statistics.median(run["p50_ms"] for run in runs), 2),
                "p95_ms": round(statistics.median(run["p95_ms"] for run in runs), 2),
                "requests": sum(run["requests"] for run in runs),
                "errors": sum(run["errors"] for run in runs),
                "rps_per_round": [run["rps"] for run in runs],
            }
        )

    def ratio(top, bottom, figure):
        return statistics.median(round_[top][figure] / round_[bottom][figure] for round_ in rounds)

    ratios = {
        "a_over_c_rps": round(ratio("a", "c", "rps"), 3),
        "b_over_c_rps": round(ratio("b", "c", "rps"), 3),
        "a_over_c_p50": round(ratio("a", "c", "p50_ms"), 2),
        "b_over_c_p50": round(ratio("b", "c", "p50_ms"), 2),
    }
    return pages, ratios


def main(args) -> dict:
    if args.client == "auto":
        args.client = "wrk" if shutil.which("wrk") else "python"
    workers = args.workers or 2 * (os.cpu_count() or 1) + 1
    with tempfile.TemporaryDirectory(prefix="psyboost-bench-http-") as tmp:
        workdir = Path(tmp)
        env = prepare(workdir, workers)
        bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bare_django"}
        # Both servers stay up (an idle sync worker costs nothing) and the rounds take a, b, c in turn, so that
        # whatever else the machine does affects the three alike.
        with (
            gunicorn("psyboost.wsgi", env, workdir / "gunicorn-psyboost.log") as app_port,
            gunicorn("bare_django:application", bare_env, workdir / "gunicorn-bare.log") as bare_port,
        ):
            cookie = {"Cookie": login(app_port, "staff", "psyboost-demo")}
            targets = {"a": (app_port, {}), "b": (app_port, cookie), "c": (bare_port, {})}
            markers = {"a": "登录", "b": "单位名录", "c": "ok"}
            sizes = {}
            for key, _label, path in PAGES:
                port, headers = targets[key]
                sizes[key] = expect_page(port, path, markers[key], headers)
            rounds = []
            for number in range(1, args.rounds + 1):
                print(f"round {number}/{args.rounds}")
                rounds.append(
                    {key: measure(label, targets[key][0], path, args, targets[key][1]) for key, label, path in PAGES}
                )
    pages, ratios = summarise(rounds, sizes)
    print(f"medians of {args.rounds} rounds:")
    for page in pages:
        print(
            f"  {page['label']:<34} {page['rps']:8.1f} req/s   p50 {page['p50_ms']:7.1f} ms   p95 "
            f"{page['p95_ms']:7.1f} ms"
        )
    print(
        f"requests/second as a share of bare Django: login {ratios['a_over_c_rps']:.1%}, "
        f"unit list {ratios['b_over_c_rps']:.1%}"
    )
    client = "wrk" if args.client == "wrk" else "python http.client"
    setup = {
        "workers": workers,
        "worker_class": "sync",
        "database": "SQLite (temporary)",
        "client": client,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "rounds": args.rounds,
    }
    figures = {"setup": setup, "pages": pages, "ratios": ratios}
    print(f"written to {write_result('http', figures)}")
    return figures


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds measured per page (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of load discarded first (default 2)")
    parser.add_argument("--concurrency", type=int, default=32, help="open connections (default 32)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default 2 × cores + 1)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of a, b, c in turn; medians reported (3)")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main(arguments(sys.argv[1:]))
