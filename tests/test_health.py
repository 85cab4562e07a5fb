import pytest
from django.db import connection

from impactsite.health import healthz


@pytest.fixture
def get(rf):
    return rf.get("/healthz")


@pytest.mark.django_db
def test_healthy_when_database_and_cache_answer(get):
    response = healthz(get)
    assert response.status_code == 200
    assert b'"database": "ok"' in response.content
    assert b'"cache": "ok"' in response.content
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_unhealthy_names_a_failing_database(get, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = healthz(get)
    assert response.status_code == 503
    assert b'"database": "failing"' in response.content
    assert b'"cache": "ok"' in response.content


@pytest.mark.django_db
def test_unhealthy_names_a_failing_cache(get, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = healthz(get)
    assert response.status_code == 503
    assert b'"cache": "failing"' in response.content
