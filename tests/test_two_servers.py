"""Two gunicorn app servers sharing PostgreSQL and Redis behave as one site.

An import previewed on one server is confirmed on the other, a page cached by one is served
by the other, and a change made through one empties the page cache of both. The servers run
in production mode (DEBUG off, hashed static files, Secure cookies), reached as through the
TLS-terminating proxy.
"""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.management import call_command

from rankings.models import Result
from tests.postgres import database_url

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
NEW_SCHOOL = "Université Servers Test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def shared_cache():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: start it (.ci/run does)")
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def two_servers(postgresql_only, transactional_db, shared_cache, tmp_path):
    """Two gunicorn servers in production mode, as behind the TLS-terminating proxy."""
    _, prefix = shared_cache
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "shared-secret-key-of-both-app-servers-for-this-test-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "SITE_URL": "http://127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_WORKERS": "1",
        "LOG_LEVEL": "WARNING",
    }
    # Production serves hashed static files from a manifest, as a deployment collects them.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environ,
        check=True,
    )
    servers, urls = [], []
    for _ in range(2):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "impactsite.wsgi"],
                cwd=ROOT,
                env={**environ, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, server in zip(urls, servers, strict=True):
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"gunicorn at {url} did not start: {server.stderr.read().decode()[-2000:]}"
                    )
                time.sleep(0.2)
        yield urls
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def hidden_inputs(html: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name[1]] = value[1] if value else ""
    return fields


class BehindTheProxy(httpx.Client):
    """A browser talking to the servers through the site's TLS-terminating proxy.

    The proxy adds X-Forwarded-Proto; a form posted over HTTPS carries its Origin; and the
    Secure cookies of production, which reach the browser over HTTPS, go back to the servers
    here over loopback (httpx, like a browser, keeps Secure cookies for https:// addresses).
    """

    def __init__(self) -> None:
        super().__init__(
            timeout=30,
            event_hooks={"request": [self._through_the_proxy], "response": [self._cookies]},
        )
        self.secure_cookies: set[str] = set()  # the names of those that arrived Secure

    @staticmethod
    def _through_the_proxy(request: httpx.Request) -> None:
        request.headers["X-Forwarded-Proto"] = "https"
        if request.method == "POST":
            request.headers["Origin"] = f"https://{request.url.netloc.decode()}"

    def _cookies(self, response: httpx.Response) -> None:
        for cookie in self.cookies.jar:
            if cookie.secure:
                self.secure_cookies.add(cookie.name)
                cookie.secure = False


def log_in(client: httpx.Client, base: str) -> None:
    page = client.get(base + "/admin/login/")
    token = hidden_inputs(page.text)["csrfmiddlewaretoken"]
    response = client.post(
        base + "/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": "ops", "password": "a-long-password-1"},
    )
    assert response.status_code == 302, re.findall(
        r"errornote[^<]*<[^>]*>[^<]*|errorlist[^<]*<li>[^<]*", response.text
    )


def test_preview_on_one_server_confirm_on_the_other_and_caches_are_shared(
    two_servers, shared_cache, settings
):
    redis_client, prefix = shared_cache
    first, second = two_servers
    call_command("loaddemo", verbosity=0)
    # The servers check passwords with the real hasher, not the suite's fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    get_user_model().objects.create_superuser("ops", "ops@example.org", "a-long-password-1")

    with BehindTheProxy() as client:
        # A public page cached by the first server is read, not rebuilt, by the second.
        table = client.get(first + "/en/rankings/2021/")
        assert table.status_code == 200
        assert NEW_SCHOOL not in table.text
        cached_pages = len(list(redis_client.scan_iter(f"{prefix}:*pages:*")))
        assert cached_pages >= 1
        again = client.get(second + "/en/rankings/2021/")
        assert again.text == table.text
        assert len(list(redis_client.scan_iter(f"{prefix}:*pages:*"))) == cached_pages

        # Log in on the first server; the session is valid on the second.
        log_in(client, first)
        assert client.get(second + "/admin/").status_code == 200

        # Preview on the first server...
        form = client.get(first + "/admin/rankings/result/import/")
        csv = f"institution,country,table,rank\n{NEW_SCHOOL},FR,overall,601-800\n{NEW_SCHOOL},FR,sdg4,201-300\n"
        preview = client.post(
            first + "/admin/rankings/result/import/",
            data={
                "csrfmiddlewaretoken": hidden_inputs(form.text)["csrfmiddlewaretoken"],
                "year": "2021",
            },
            files={"import_file": ("servers.csv", csv.encode(), "text/csv")},
        )
        assert preview.status_code == 200
        confirm = hidden_inputs(preview.text)
        assert {"token", "fingerprint"} <= confirm.keys(), preview.text[:2000]
        assert not Result.objects.filter(school__name=NEW_SCHOOL).exists()

        # ...confirm on the second: the upload waited in the shared cache, not on a disk.
        done = client.post(second + "/admin/rankings/result/process_import/", data=confirm)
        assert done.status_code == 302, done.text[:2000]
        assert done.headers["location"].endswith("/admin/rankings/result/")
        result = Result.objects.get(school__name=NEW_SCHOOL, edition__year=2021)
        assert str(result.rank) == "601–800"
        assert result.sdg_results.count() == 1

        # The change made through the second server emptied the first server's page cache too.
        for base in (first, second):
            assert NEW_SCHOOL in client.get(base + "/en/rankings/2021/").text

    # Production mode: the session and CSRF cookies only ever travel over HTTPS.
    assert {"sessionid", "csrftoken"} <= client.secure_cookies
