"""The production-like settings the page and admin benchmarks run under.

DEBUG off, a throwaway SQLite database in `work`, Redis for the cache under a key prefix of
the run's own (BENCH_CACHE_URL to use another), no TLS redirect. Values already in the
environment win, so gunicorn's workers, started with the run's environment, agree with it.
"""

from __future__ import annotations

import os
from pathlib import Path


def use_production_settings(
    name: str, work: Path, *, prefix: str, hosts: str = "testserver", **extra: str
) -> None:
    environment = {
        "DJANGO_SETTINGS_MODULE": "impactsite.settings",
        "DEBUG": "false",
        "SECRET_KEY": f"{name}-not-a-secret",
        "ALLOWED_HOSTS": hosts,
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/0"),
        "CACHE_KEY_PREFIX": prefix,
        "SITE_URL": "http://127.0.0.1",
        "STATIC_ROOT": str(work / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_PROXY": "false",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    for key, value in environment.items():
        os.environ.setdefault(key, value)
