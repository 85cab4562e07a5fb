"""The editors' release workflow in Chromium, in English and in French: both languages
generated and published together, a withdrawal and a rewrite that ask first, revisions
compared field by field, and the preview at two widths with a working PDF."""

import os

import pytest
from django.contrib.auth.models import User

from press.models import PressRelease
from rankings.models import Edition, Result
from schools.models import Group

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = os.environ.get("SCREENSHOTS_DIR")  # a folder to keep screenshots of each step in


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def editor_page(site, browser, request):
    lang = request.param
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    context = browser.new_context(locale=lang, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    yield page, lang
    context.close()


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.click(f"input[name={name}]")


def confirm(page) -> None:
    with page.expect_navigation():
        page.click("form input[type=submit].default")


@pytest.mark.parametrize("editor_page", ["en", "fr"], indirect=True)
def test_an_editor_publishes_withdraws_rewrites_and_restores_with_confirmations(site, editor_page):
    page, lang = editor_page
    words = {
        "en": {"public": "Public", "draft": "Draft", "kept": "Your edit, kept"},
        "fr": {"public": "Public", "draft": "Brouillon", "kept": "Votre modification, gardée"},
    }[lang]

    # 4. Generating both languages lands on the English draft, which links to the French one.
    page.goto(site + "/admin/press/pressrelease/generate/")
    page.select_option("#id_group", str(Group.objects.get(slug="imt").pk))
    page.select_option("#id_edition", str(Edition.objects.get(year=2021).pk))
    confirm(page)
    english = PressRelease.objects.get(language="en")
    french = PressRelease.objects.get(language="fr")
    assert page.url.endswith(f"/admin/press/pressrelease/{english.pk}/change/")
    assert page.locator(f'.press-versions a[href$="/{french.pk}/change/"]').is_visible()
    assert page.locator(f'.messagelist a[href$="/{french.pk}/change/"]').is_visible()
    shot(page, f"{lang}-1-generated")

    # 4. Publish both in one action.
    page.check("input[name=_both]")
    submit(page, "_publish")
    page.goto(site + "/admin/press/pressrelease/")
    states = page.locator("td.field-state_display").all_inner_texts()
    assert states == [words["public"]] * 2
    shot(page, f"{lang}-2-list-both-public")

    # 2. The page says the same as the list, and offers no "publish now".
    page.goto(site + f"/admin/press/pressrelease/{english.pk}/change/")
    assert page.locator(".press-state").first.inner_text() == words["public"]
    assert page.locator("input[name=_publish]").count() == 0

    # 1. Withdrawing asks first and says what the public loses.
    page.uncheck("input[name=_both]")
    submit(page, "_withdraw")
    assert page.url.endswith(f"/{english.pk}/withdraw/")
    assert english.get_absolute_url() in page.content()
    shot(page, f"{lang}-3-withdraw-confirmation")
    english.refresh_from_db()
    assert english.state() == PressRelease.State.PUBLIC
    confirm(page)
    english.refresh_from_db()
    assert english.state() == PressRelease.State.DRAFT

    # 1. Rewriting keeps the editor's edit and shows where the data changed it too.
    body = page.input_value("#id_body").replace(
        "IMT Atlantique has moved up", "IMT Atlantique climbs"
    )
    page.fill("#id_body", body)
    page.fill("#id_title", "Our schools in the 2021 THE Impact Rankings")
    submit(page, "_save")
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "201-300"
    result.save()
    page.goto(site + f"/admin/press/pressrelease/{english.pk}/change/")
    submit(page, "_regenerate")
    assert page.url.endswith(f"/{english.pk}/rewrite/")
    assert page.get_by_text(words["kept"]).first.is_visible()
    shot(page, f"{lang}-4-rewrite-choice")
    page.locator("input[type=radio][value=data]").first.check()
    confirm(page)
    english.refresh_from_db()
    assert english.title == "Our schools in the 2021 THE Impact Rankings"
    assert "IMT Atlantique climbs" not in english.body

    # 3. Revisions: field by field, the changed words marked; restoring asks first.
    page.goto(site + f"/admin/press/pressrelease/{english.pk}/revisions/")
    assert page.locator(".press-compare ins").count() > 0
    shot(page, f"{lang}-5-revisions")
    page.locator("a.button[href$='/restore/']").last.click()
    page.wait_for_url("**/restore/")
    assert page.locator(".press-compare del").count() > 0
    shot(page, f"{lang}-6-restore-confirmation")
    confirm(page)
    english.refresh_from_db()
    assert english.title.startswith("Institut Mines-Télécom schools stand out")


@pytest.mark.parametrize("editor_page", ["en", "fr"], indirect=True)
def test_the_preview_shows_a_phone_and_a_desktop_and_its_pdf_works_for_a_draft(site, editor_page):
    page, lang = editor_page
    page.goto(site + "/admin/press/pressrelease/generate/")
    page.select_option("#id_group", str(Group.objects.get(slug="imt").pk))
    page.select_option("#id_edition", str(Edition.objects.get(year=2021).pk))
    confirm(page)
    release = PressRelease.objects.get(language=lang)
    page.goto(site + f"/admin/press/pressrelease/{release.pk}/preview/sizes/")
    frames = page.locator("iframe")
    assert frames.count() == 2
    phone = page.frame_locator(".press-preview-frame--phone iframe")
    assert phone.locator("h1").inner_text()
    phone_width = page.frames[1].evaluate("document.documentElement.scrollWidth")
    assert phone_width <= 390
    shot(page, f"{lang}-7-preview-sizes")
    pdf = phone.locator(".press-actions a.button").first.get_attribute("href")
    response = page.request.get(site + pdf)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
