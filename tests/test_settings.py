"""Settings come from the environment, with safe local defaults and hard failures in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "impact.example.org",
    "DATABASE_URL": "postgres://impact@db.example.org:5432/impactsite",
    "CACHE_URL": "redis://cache.example.org:6379/0",
    "SITE_URL": "https://impact.example.org",
}


def load_settings(**overrides):
    environ = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    environ.update(overrides)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import impactsite.settings as s; print(s.DATABASES['default']['ENGINE'], s.DEBUG)",
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def test_local_defaults_need_nothing_set():
    loaded = load_settings()
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_production_with_every_value_set_starts():
    loaded = load_settings(**PRODUCTION)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == ["django.db.backends.postgresql", "False"]


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL", "SITE_URL"]
)
def test_production_refuses_to_start_without_a_required_value(missing):
    environ = {k: v for k, v in PRODUCTION.items() if k != missing}
    loaded = load_settings(**environ)
    assert loaded.returncode != 0
    assert "ImproperlyConfigured" in loaded.stderr
    assert missing in loaded.stderr


def test_debug_must_be_a_clear_boolean():
    loaded = load_settings(DEBUG="maybe")
    assert loaded.returncode != 0
    assert "DEBUG must be true or false" in loaded.stderr


def _in_a_process(code: str, **environ) -> str:
    loaded = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "impactsite.settings", **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return loaded.stdout.strip()


def test_a_file_cache_lets_the_worker_empty_the_server_s_pages(tmp_path):
    # What `make run` sets: the server and the import worker are two processes, and an import
    # the worker writes must change the page generation the server reads.
    url = f"file://{tmp_path}"
    read = "from common.pagecache import generation; print(generation())"
    before = _in_a_process(read, CACHE_URL=url)

    _in_a_process("from common.pagecache import bump_generation; bump_generation()", CACHE_URL=url)

    assert int(_in_a_process(read, CACHE_URL=url)) == int(before) + 1


def test_production_refuses_a_file_cache():
    loaded = load_settings(**{**PRODUCTION, "CACHE_URL": "file:///var/cache/impactsite"})
    assert loaded.returncode != 0
    assert "CACHE_URL must be a redis:// URL" in loaded.stderr


@pytest.mark.parametrize(
    "value", ["impact.example.org", "ftp://impact.example.org", "https://impact.example.org/en/"]
)
def test_site_url_must_be_a_scheme_and_host(value):
    loaded = load_settings(**{**PRODUCTION, "SITE_URL": value})
    assert loaded.returncode != 0
    assert "SITE_URL must be a scheme and host" in loaded.stderr


def test_site_url_has_a_local_default_and_loses_a_trailing_slash():
    read = "import impactsite.settings as s; print(s.SITE_ORIGIN)"
    assert _in_a_process(read) == "http://127.0.0.1:8000"
    assert _in_a_process(read, SITE_URL="https://impact.example.org/") == (
        "https://impact.example.org"
    )
