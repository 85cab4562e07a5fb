"""The press pages in Chromium: no accessibility violation, no sideways scroll on a phone,
and a journalist goes from the list to a release, its other language and its PDF."""

import pytest

from press import services
from rankings.models import Edition
from schools.models import Group
from tests.browser.test_pages import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def press_site(site):
    group = Group.objects.get(slug="imt")
    edition = Edition.objects.get(year=2021)
    for language in ("en", "fr"):
        release = services.generate_draft(
            group=group, edition=edition, language=language, user=None
        )
        services.publish(release=release, user=None)
    return site


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_press_pages_have_no_accessibility_violation(press_site, page, axe_source, lang):
    found = {}
    for path in (f"/{lang}/press/", f"/{lang}/press/imt-2021-the-impact-rankings/"):
        response = page.goto(press_site + path)
        assert response.status == 200, path
        assert page.get_attribute("html", "lang") == lang
        if violations := axe_violations(page, axe_source):
            found[path] = violations
    assert found == {}


def test_release_page_does_not_scroll_sideways_on_a_phone(press_site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    for lang in ("en", "fr"):
        phone.goto(f"{press_site}/{lang}/press/imt-2021-the-impact-rankings/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_journalist_reads_a_release_switches_language_and_opens_the_pdf(press_site, page):
    page.goto(press_site + "/en/press/")
    page.get_by_role(
        "link", name="Institut Mines-Télécom schools stand out in the 2021 THE Impact Rankings"
    ).click()
    page.wait_for_url("**/en/press/imt-2021-the-impact-rankings/")
    assert page.get_by_role("heading", name="IMT Mines Alès").is_visible()
    assert page.locator('a[href="mailto:severine.picault@imt.fr"]').is_visible()

    page.get_by_role("link", name="Lire en français").click()
    page.wait_for_url("**/fr/press/imt-2021-the-impact-rankings/")
    assert "se distinguent" in page.get_by_role("heading", level=1).inner_text()

    pdf = page.get_by_role("link", name="Télécharger le PDF").get_attribute("href")
    response = page.request.get(press_site + pdf)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
