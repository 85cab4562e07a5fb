"""The client's address and scheme: forwarded headers count only when a trusted proxy sent them."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from common.clientip import client_ip

LOGIN = "/admin/login/?next=/admin/"
ATTACKER = "198.51.100.66"  # reaches gunicorn directly, not through the proxy
PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    """Production's defaults: behind a proxy, which is on loopback unless configured."""
    settings.BEHIND_PROXY = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    return settings


def test_rotating_forwarded_addresses_from_an_untrusted_socket_are_locked_out(
    client, behind_proxy, db
):
    get_user_model().objects.create_user("alice", password="right-password", is_staff=True)
    statuses = [
        client.post(
            LOGIN,
            {"username": "alice", "password": "wrong"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        ).status_code
        for n in range(12)
    ]
    limit = behind_proxy.AXES_FAILURE_LIMIT
    assert statuses == [200] * (limit - 1) + [429] * (12 - limit + 1)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Not from a trusted proxy: whatever the header says, the socket is the client.
        (ATTACKER, "192.0.2.1", ATTACKER),
        (ATTACKER, "", ATTACKER),
        # From the proxy: its entry (the rightmost) is the client; the client's own
        # entries further left are ignored.
        ("127.0.0.1", "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        ("::1", "203.0.113.7", "203.0.113.7"),
        # Two trusted hops (a load balancer in 10.0.0.0/8, then nginx on loopback).
        ("127.0.0.1", "192.0.2.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # The proxy sent no header: it is the client (a health check, a local script).
        ("127.0.0.1", "", "127.0.0.1"),
        # Every entry is trusted: the leftmost one is the client.
        ("127.0.0.1", "10.0.0.9", "10.0.0.9"),
        # Garbage where the client's address should be: count it under the hop that wrote it.
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "evil, 10.0.0.9", "10.0.0.9"),
    ],
)
def test_client_ip_walks_x_forwarded_for_from_the_right(
    rf, behind_proxy, remote, forwarded, expected
):
    behind_proxy.TRUSTED_PROXIES = ["127.0.0.0/8", "::1", "10.0.0.0/8"]
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_without_a_proxy_forwarded_headers_are_ignored_even_from_loopback(rf, settings):
    settings.BEHIND_PROXY = False
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(request) == "127.0.0.1"


@pytest.mark.parametrize(
    ("remote", "redirected"),
    [(ATTACKER, True), ("127.0.0.1", False)],
)
def test_https_is_believed_only_from_a_trusted_proxy(behind_proxy, db, remote, redirected):
    """X-Forwarded-Proto: https from anyone else is ignored: the request is plain HTTP."""
    behind_proxy.SECURE_SSL_REDIRECT = True
    response = Client().get("/en/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO="https")
    if redirected:
        assert (response.status_code, response.url) == (301, "https://testserver/en/")
    else:
        assert response.status_code == 200


def test_a_trusted_proxy_that_is_not_an_address_stops_start_up():
    from tests.test_settings import load_settings

    loaded = load_settings(TRUSTED_PROXIES="10.0.0.0/8, proxy.example.org")
    assert loaded.returncode == 1
    assert "TRUSTED_PROXIES: 'proxy.example.org' is not an address" in loaded.stderr
