"""Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

from pathlib import Path

import pytest
from django.core.management import call_command

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session", autouse=True)
def _static_files_without_collectstatic():
    """The session-wide live server starts before per-test settings apply: let WhiteNoise find
    the stylesheet through the finders, as tests/conftest.py does for each test."""
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def site(live_server):
    """The demo data behind the live server; serialized rollback restores the SDG rows after."""
    call_command("loaddemo", verbosity=0)
    return live_server.url


@pytest.fixture
def page(browser):
    # bypass_csp lets the tests inject axe-core; the site's own pages run no inline script.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make browser-deps` (npm ci in tests/browser).")
    return AXE.read_text()
