"""gunicorn settings for production: `gunicorn impactsite.wsgi` picks this file up by itself.

Every value can be overridden from the environment (GUNICORN_CMD_ARGS, or the variables below).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Keep idle connections longer than the proxy (nginx keeps upstream ones 60 s): a server that
# closes a keep-alive connection first races the next request sent on it, which then fails.
# Workers are not recycled after N requests for the same reason.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 75))
# The reverse proxy sets X-Forwarded-Proto / X-Forwarded-For; trust only the proxy's address,
# the same ones Django trusts (TRUSTED_PROXIES) unless told otherwise.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or os.environ.get(
    "TRUSTED_PROXIES", "127.0.0.0/8,::1"
)
accesslog = "-"
errorlog = "-"
# One line per request: client, method, path, status, bytes, duration in microseconds.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
