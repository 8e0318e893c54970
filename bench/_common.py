"""Helpers the benchmark scripts share: where results go, what machine ran them, a throwaway environment."""

import json
import os
import platform
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
PYTHON = sys.executable


def machine() -> dict:
    """What the figures depend on: CPU, cores, memory, OS and the versions of the moving parts."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory_gb = round(kilobytes / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": os_name,
        "python": platform.python_version(),
        "django": metadata.version("django"),
        "gunicorn": metadata.version("gunicorn"),
        "sqlite": sqlite3.sqlite_version,
    }


def write_result(name: str, figures: dict) -> Path:
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {"date": datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine(), **figures}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def django_env(workdir: Path, settings: str = "psyboost.settings.dev", **extra: str) -> dict:
    """The environment of a child process with its own SQLite database and files below ``workdir``."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DEBUG="false",  # DEBUG keeps every SQL query in memory, which would distort time and memory
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        PSYBOOST_HOME=str(workdir),
        PSYBOOST_VAR_DIR=str(workdir / "var"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH_DIR), env.get("PYTHONPATH", "")])),
    )
    env.update(extra)
    return env


def production_env(workdir: Path, workers: int, **extra: str) -> dict:
    """The environment gunicorn runs the production settings with in a bench: a fresh secret key and audit key,
    plain HTTP on loopback, ``workers`` worker processes."""
    return django_env(
        workdir,
        "psyboost.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        PSYBOOST_AUDIT_KEY=secrets.token_urlsafe(48),
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_LOG_LEVEL="warning",
        **extra,
    )


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


# --- a Django child process in a throwaway folder (bench_documents.py, bench_projects.py) ------------------------

MB = 1024 * 1024


def memory_kb() -> dict[str, int]:
    """This process's resident set (VmRSS) and its peak so far (VmHWM), in KiB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


def setup_child_django() -> None:
    """In the child: the repository on the path (for ``tests.factories``), Django set up, the database migrated."""
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def sparse_videos(folder_name: str, count: int, total_mb: int) -> list[tuple[str, int]]:
    """``count`` sparse MP4 files (an ``ftyp`` header, then zeros) of ``total_mb`` in all below MEDIA_ROOT/folder:
    (storage name, size) of each."""
    from django.conf import settings

    folder = Path(settings.MEDIA_ROOT) / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    each = total_mb * MB // count
    files = []
    for index in range(count):
        with (folder / f"video{index}.mp4").open("wb") as out:
            out.write(b"\x00\x00\x00\x18ftypisom")
            out.truncate(each)
        files.append((f"{folder_name}/video{index}.mp4", each))
    return files


def drain_streamed(response) -> dict:
    """Read a streamed response chunk by chunk, throwing it away: status, size, chunks, seconds and this process's
    memory (VmRSS before, VmHWM after, the growth) — call it right after the request."""
    before = memory_kb()
    started = time.perf_counter()
    total, chunks, largest = 0, 0, 0
    for chunk in response.streaming_content:
        total += len(chunk)
        chunks += 1
        largest = max(largest, len(chunk))
    seconds = time.perf_counter() - started
    after = memory_kb()
    return {
        "status": response.status_code,
        "zip_mb": total / MB,
        "chunks": chunks,
        "largest_chunk_kb": largest / 1024,
        "seconds": seconds,
        "rss_before_mb": before["VmRSS"] / 1024,
        "peak_before_mb": before["VmHWM"] / 1024,
        "peak_after_mb": after["VmHWM"] / 1024,
        "growth_mb": (after["VmHWM"] - before["VmRSS"]) / 1024,
    }


def run_child(script: str, prefix: str, arguments: list[str], timeout: float, **env: str) -> dict:
    """Run ``script --child arguments`` in a fresh temporary folder (its own SQLite database and MEDIA_ROOT, deleted
    afterwards) and return the JSON its last output line holds; exits with the child's status if it failed."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        child_env = django_env(workdir, MEDIA_ROOT=str(workdir / "media"), ALLOWED_HOSTS="testserver,localhost", **env)
        done = subprocess.run(
            [PYTHON, str(BENCH_DIR / script), "--child", *arguments],
            cwd=REPO, env=child_env, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            sys.exit(done.returncode)
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
