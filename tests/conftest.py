"""Test-only settings and fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection


@pytest.fixture(autouse=True)
def _fast_test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise would warn (an error here) that collectstatic never ran; tests serve no static files.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached pages must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def postgresql_only(db):
    """Skip a test whose meaning depends on PostgreSQL (row locks, concurrent sessions)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite has no row locks or concurrent writers to test")


@pytest.fixture
def demo(db):
    """The demo data of `manage.py loaddemo`: IMT, its schools, editions 2020 and 2021."""
    call_command("loaddemo", verbosity=0)
