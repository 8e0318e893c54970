"""Gunicorn settings for psyboost: ``gunicorn -c deploy/gunicorn.conf.py psyboost.wsgi``.

Sync workers behind nginx (nginx buffers slow clients, so a sync worker is never held by one). Every value can be
overridden from the environment, which is where the systemd unit (deploy/psyboost.service) sets them.
"""

import multiprocessing
import os

# nginx proxies to this address; keep it on loopback (or use a unix socket: GUNICORN_BIND=unix:/run/psyboost/web.sock).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual rule: two workers per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
# PDF rendering and exports run in the task worker, so no request needs long; uploads are read in full by nginx first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak in any library never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# X-Forwarded-* are trusted from nginx on the same host only (SECURE_PROXY_SSL_HEADER relies on X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs go to stdout/stderr, i.e. the journal under systemd.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Gunicorn ≥ 25 opens a control socket in $HOME by default; the service user has no home to write to, and the
# systemd unit is how the server is controlled.
control_socket_disable = True
# The request line and headers are small for this site; refuse anything unusual early.
limit_request_line = 8190
limit_request_fields = 100
