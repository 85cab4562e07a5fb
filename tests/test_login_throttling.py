"""Login throttling: per username and client address, with a cool-off, behind the proxy too."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.utils import timezone

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editors(db):
    User = get_user_model()
    return [
        User.objects.create_user(name, password="right-password", is_staff=True)
        for name in ("alice", "bob")
    ]


def attempt(client, username, password, ip="203.0.113.7", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url == "/admin/"


def test_five_wrong_passwords_lock_that_username_from_that_address(client, editors, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "alice", "wrong").status_code == 200
    locked = attempt(client, "alice", "wrong")
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    # Even the right password is refused until the cool-off ends.
    assert attempt(client, "alice", "right-password").status_code == 429


def test_an_attacker_cannot_lock_other_editors_or_other_addresses_out(client, editors, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", "wrong", ip="203.0.113.7")
    assert logged_in(attempt(client, "alice", "right-password", ip="198.51.100.20"))
    client.logout()
    assert logged_in(attempt(client, "bob", "right-password", ip="203.0.113.7"))


def test_lockout_ends_after_the_cool_off(client, editors, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", "wrong")
    assert attempt(client, "alice", "right-password").status_code == 429
    # Age the recorded failures past the cool-off instead of waiting for it.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert logged_in(attempt(client, "alice", "right-password"))


def test_behind_the_proxy_the_real_client_address_counts(client, editors, settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    proxy = "10.0.0.2"
    # The attacker writes a different address into X-Forwarded-For each time; the proxy appends
    # the real one last. Only the real one counts, so the lockout still applies.
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(
            client, "alice", "wrong", ip=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7"
        )
    assert (
        attempt(
            client, "alice", "right-password", ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.7"
        ).status_code
        == 429
    )
    # Another real client behind the same proxy is not locked out.
    assert logged_in(
        attempt(client, "alice", "right-password", ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    )


@pytest.mark.parametrize(
    ("behind_proxy", "forwarded", "expected"),
    [
        (False, "192.0.2.1", "10.0.0.2"),  # no proxy: the header is the client's own words
        (True, "192.0.2.1, 203.0.113.7", "203.0.113.7"),
        (True, "203.0.113.7", "203.0.113.7"),
        (True, "", "10.0.0.2"),  # did not come through the proxy
    ],
)
def test_client_ip(rf, settings, behind_proxy, forwarded, expected):
    from common.clientip import client_ip

    settings.BEHIND_PROXY = behind_proxy
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
