"""The large download through nginx: the 申报材料 ZIP of an application with ``--size-mb`` (524) MB of attachments,
fetched at ``--rate`` (6) MB/s through nginx configured from ``deploy/nginx.conf``, arrives whole.

One run, loopback only, everything in a temporary folder and stopped at the end:

1. a throwaway SQLite database (``migrate``), a unit with a complete draft (the demo's content and photos) and one
   video attachment of zeros filling it up to ``--size-mb``; a signed-in session of the unit's user;
2. gunicorn (``deploy/gunicorn.conf.py``, its 60 s worker timeout) with the production settings and
   ``FILE_DELIVERY=nginx``; nginx (``nginx -p <tmp> -c <tmp>/nginx.conf``, our own process, not the system's)
   with the ``/_protected/`` location and the proxy settings of ``deploy/nginx.conf`` (without TLS: plain HTTP on a
   free port; the alias points at the temporary media folder);
3. GET the package: the page showing the build's progress (the package is above ``PACKAGE_BACKGROUND_BYTES``);
   ``psyboost db_worker --batch`` builds it; GET again with ``curl --limit-rate``: status, Content-Length, bytes
   received, curl's exit code, seconds, and ``zipfile.testzip`` of what arrived.

Needs ``nginx`` and ``curl`` (``apt-get install nginx-light curl``).
Run: ``PYTHONPATH=src .venv/bin/python bench/bench_large_download.py [--size-mb 524] [--rate 6]``
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _common import PYTHON, REPO, django_env, free_port, wait_for_port, write_result
from bench_http import SETUP_TIMEOUT, gunicorn

SETUP = r"""
import json, random, sys
import django
django.setup()
from datetime import timedelta
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.storage import default_storage
from django.utils import timezone
from psyboost.accounts.models import Role, User
from psyboost.applications.models import Attachment
from psyboost.calls.models import Call, Unit
from psyboost.demo import applications as demo

size = int(sys.argv[1]) * 1024 * 1024
now = timezone.now()
call = Call.objects.create(year=2020, name="2020年职工心理服务助推项目", edition="2020版",
                           opens_at=now - timedelta(days=1), deadline=now + timedelta(days=30))
unit = Unit.objects.create(name="大文件单位", district_union="朝阳区", parent_union="朝阳区总工会", named_year=2017)
user = User.objects.create(username="bigfile", role=Role.UNIT, unit=unit, password="!")
application = demo.build(random.Random(1), call, unit, user, "complete", now - timedelta(days=1))
held = sum(a.size for a in Attachment.objects.filter(application=application))
name = "uploads/2020/11/big-video.mp4"
path = default_storage.path(name)
import os
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "wb") as out:
    out.truncate(size - held)
Attachment.objects.create(application=application, kind="activity_video", original_name="活动视频.mp4",
                          file=name, size=size - held, content_type="video/mp4", sha256="0" * 64, uploaded_by=user)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"pk": application.pk, "session": session.session_key, "media": str(default_storage.location)}))
"""


def nginx_conf(workdir: Path, port: int, upstream: int, media: str) -> Path:
    """deploy/nginx.conf's /_protected/ location and proxy settings, served over plain HTTP on ``port``."""
    deployed = (REPO / "deploy" / "nginx.conf").read_text()
    protected = re.search(r"    location /_protected/ \{.*?\n    \}\n", deployed, re.S).group(0)
    proxy = re.search(r"    location / \{.*?\n    \}\n", deployed, re.S).group(0)
    protected = protected.replace("/srv/psyboost/var/media/", media.rstrip("/") + "/")
    proxy = proxy.replace("http://psyboost", f"http://127.0.0.1:{upstream}")
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {workdir}/nginx-access.log;
    client_body_temp_path {workdir}/body; proxy_temp_path {workdir}/proxy; fastcgi_temp_path {workdir}/fcgi;
    uwsgi_temp_path {workdir}/uwsgi; scgi_temp_path {workdir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 100m;
{protected}
{proxy}
    }}
}}
"""
    )
    return conf


def curl(url: str, cookie: str, out: Path, rate_mb: float | None) -> dict:
    command = ["curl", "-sS", "-o", str(out), "-D", "-", "-H", f"Cookie: sessionid={cookie}", "-w", "\n%{json}"]
    if rate_mb:
        command += ["--limit-rate", f"{int(rate_mb * 1024 * 1024)}"]
    started = time.perf_counter()
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - started
    head, _, info = done.stdout.rpartition("\n")
    report = json.loads(info) if info.startswith("{") else {}
    length = re.search(r"(?im)^content-length:\s*(\d+)", head)
    return {
        "exit": done.returncode,
        "status": report.get("http_code"),
        "content_type": report.get("content_type"),
        "content_length": int(length.group(1)) if length else None,
        "received": out.stat().st_size if out.exists() else 0,
        "seconds": round(seconds, 1),
        "x_accel_leaked": "x-accel-redirect" in head.lower(),
    }


def main(args) -> dict:
    if not shutil.which("nginx") or not shutil.which("curl"):
        sys.exit("needs nginx and curl (apt-get install nginx-light curl)")
    nginx = None
    with tempfile.TemporaryDirectory(prefix="psyboost-bench-download-") as tmp:
        workdir = Path(tmp)
        workdir.chmod(0o755)  # nginx's workers (user nobody) read the media and write their buffers below it
        env = django_env(
            workdir,
            "psyboost.settings.production",
            SECRET_KEY=secrets.token_urlsafe(64),
            SECURE_SSL_REDIRECT="false",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            GUNICORN_LOG_LEVEL="warning",
            FILE_DELIVERY="nginx",
        )
        dev = django_env(workdir)
        for environment, arguments in ((dev, ["migrate", "--no-input"]), (env, ["collectstatic", "--no-input"])):
            subprocess.run(
                [PYTHON, "-m", "psyboost", *arguments], env=environment, check=True, capture_output=True,
                timeout=SETUP_TIMEOUT,
            )  # fmt: skip
        done = subprocess.run(
            [PYTHON, "-c", SETUP, str(args.size_mb)], env=env, capture_output=True, text=True, timeout=SETUP_TIMEOUT
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        made = json.loads(done.stdout.strip().splitlines()[-1])
        try:
            with gunicorn("psyboost.wsgi", env, workdir / "gunicorn.log") as upstream:
                port = free_port()
                conf = nginx_conf(workdir, port, upstream, made["media"])
                log = (workdir / "nginx.out").open("wb")
                nginx = subprocess.Popen(
                    ["nginx", "-p", str(workdir), "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
                wait_for_port(port, timeout=30)
                url = f"http://127.0.0.1:{port}/documents/applications/{made['pk']}/package.zip"
                first = curl(url, made["session"], workdir / "first.html", None)
                page = (workdir / "first.html").read_text(errors="replace")
                first["progress_page"] = "压缩包正在后台生成" in page
                started = time.perf_counter()
                worker = subprocess.run(
                    [PYTHON, "-m", "psyboost", "db_worker", "--batch"], env=env, capture_output=True, text=True,
                    timeout=900,
                )  # fmt: skip
                built_s = round(time.perf_counter() - started, 1)
                if worker.returncode != 0:
                    raise RuntimeError(worker.stderr[-3000:])
                target = workdir / "package.zip"
                download = curl(url, made["session"], target, args.rate)
                try:
                    with zipfile.ZipFile(target) as archive:
                        download["testzip_ok"] = archive.testzip() is None
                        download["entries"] = len(archive.namelist())
                except zipfile.BadZipFile:
                    download["testzip_ok"] = False
                target.unlink(missing_ok=True)
                for name in ("nginx-error.log", "gunicorn.log"):
                    text = (workdir / name).read_text(errors="replace") if (workdir / name).exists() else ""
                    if text.strip():
                        print(f"--- {name} (end)\n{text[-2000:]}")
        finally:
            if nginx is not None and nginx.poll() is None:
                os.killpg(nginx.pid, signal.SIGTERM)  # the nginx started above (its own session), and only it
                nginx.wait(timeout=30)
    figures = {
        "size_mb": args.size_mb,
        "rate_mb_s": args.rate,
        "first_request": first,
        "background_build_s": built_s,
        "download": download,
        "whole": download["exit"] == 0
        and download["status"] == 200
        and download["received"] == download["content_length"]
        and download["testzip_ok"],
    }
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    write_result("large_download", figures)
    return figures


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=524)
    parser.add_argument("--rate", type=float, default=6, help="MB/s of the client's line (curl --limit-rate)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main(arguments(sys.argv[1:]))
