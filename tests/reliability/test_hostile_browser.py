"""In Chromium, with the Content-Security-Policy switched off, no planted payload runs.

CSP would block inline scripts anyway; turning it off shows the escaping holds by itself.
"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

# `browser` is the session-wide Chromium of tests/conftest.py; `site` is the demo behind a live server.
from tests.browser.conftest import _static_files_without_collectstatic, site  # noqa: F401
from tests.reliability.corpus.make_corpus import GOOD, HEADER, csv_text
from tests.reliability.hostile_content import PAYLOAD, poison_the_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.dialogs = dialogs
    yield page
    context.close()


def nothing_ran(page) -> bool:
    return page.evaluate("window.pwned") is None and page.dialogs == []


def public_urls(poisoned) -> list[str]:
    urls = []
    for language in ("en", "fr"):
        with translation.override(language):
            urls += [
                reverse("schools:list"),
                reverse("schools:detail", kwargs={"slug": "imt-atlantique"}),
                reverse("schools:contact"),
                reverse("schools:about"),
                reverse("rankings:edition", kwargs={"year": 2021}),
                reverse("rankings:sdg", kwargs={"year": 2021, "number": 14}),
            ]
        urls.append(poisoned["releases"][language].get_absolute_url())
    return urls


def test_no_payload_runs_on_any_public_page(site, tab):  # noqa: F811
    poisoned = poison_the_demo()

    for url in public_urls(poisoned):
        tab.goto(site + url)
        tab.wait_for_load_state("load")

        assert "Evil" in tab.content(), url
        assert nothing_ran(tab), url
    # The editorial block's link lost its javascript: address; clicking it runs nothing.
    tab.locator(".press-editorial a").first.click()
    assert nothing_ran(tab)


def test_no_payload_runs_in_the_admin_lists_or_the_import_preview(site, tab, tmp_path):  # noqa: F811
    poison_the_demo()
    User.objects.create_superuser("boss", "boss@example.org", "boss-password")
    tab.goto(f"{site}/admin/login/")
    tab.get_by_label("Username").fill("boss")
    tab.get_by_label("Password").fill("boss-password")
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_url(f"{site}/admin/")

    for path in (
        "/admin/schools/school/",
        "/admin/rankings/result/",
        "/admin/schools/presscontact/",
    ):
        tab.goto(site + path)
        assert "Evil" in tab.content(), path
        assert nothing_ran(tab), path

    upload = tmp_path / "hostile.csv"
    upload.write_text(
        csv_text([HEADER, *GOOD, [f"New {PAYLOAD}", "FR", "overall", "1001+", "", ""]])
    )
    tab.goto(f"{site}/admin/rankings/result/import/")
    tab.locator("#id_import_file").set_input_files(upload)
    tab.locator("#id_year").fill("2022")
    tab.get_by_role("button", name="Preview").click()
    tab.wait_for_load_state("load")

    assert "New Evil" in tab.content()
    assert nothing_ran(tab)
