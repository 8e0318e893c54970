"""Helpers the benchmark scripts share: where results go, what machine ran them, a throwaway environment."""

import json
import os
import platform
import socket
import sqlite3
import sys
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
