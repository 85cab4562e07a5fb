"""Security headers and the Content-Security-Policy, checked in a real browser."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from rankings.models import Result

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/schools/",
    "/{lang}/schools/imt-atlantique/",
    "/{lang}/rankings/",
    "/{lang}/rankings/2021/",
    "/{lang}/rankings/2021/sdg/11/",
    "/{lang}/contact/",
    "/{lang}/about/",
    "/{lang}/press/",
]
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_deploy_checks_pass_in_production_mode():
    environ = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DEBUG": "false",
        "SECRET_KEY": "x7!Kq2-production-like-secret-key-of-more-than-fifty-characters-0123456789",
        "ALLOWED_HOSTS": "impact.example.org",
        "DATABASE_URL": "postgres://impact@db.example.org:5432/impactsite",
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "SITE_URL": "https://impact.example.org",
    }
    checked = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client):
    call_command("loaddemo", verbosity=0)
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src "))
    assert "'self'" in script_src
    assert "unsafe" not in script_src  # no inline or eval'd script, ever
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def visit_without_violations(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status}"
    page.wait_for_load_state("load")
    return page.evaluate("window.__csp")


def test_no_csp_violation_on_public_pages_admin_and_import(browser, live_server):
    call_command("loaddemo", verbosity=0)
    get_user_model().objects.create_superuser("csp-admin", "csp@example.org", "a-long-password-1")
    result = Result.objects.filter(school__slug="imt-atlantique", edition__year=2021).get()
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    violations = {}
    for lang in ("en", "fr"):
        for path in PUBLIC_PAGES:
            url = live_server.url + path.format(lang=lang)
            violations[url] = visit_without_violations(page, url)

    # The recorder works: an injected inline script is blocked and reported.
    page.goto(live_server.url + "/en/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.head.appendChild(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.injected") is None
    assert "script-src" in page.evaluate("window.__csp")[0]
    console_errors.clear()

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    for path in [
        "/admin/",
        "/admin/schools/school/",
        "/admin/rankings/result/",
        f"/admin/rankings/result/{result.pk}/change/",
        "/admin/rankings/result/import/",
        "/admin/rankings/result/export/",
        "/admin/press/pressrelease/",
        "/admin/press/pressrelease/add/",
    ]:
        violations[path] = visit_without_violations(page, live_server.url + path)

    context.close()
    assert {url: found for url, found in violations.items() if found} == {}
    assert [e for e in console_errors if "Content Security Policy" in e] == []
