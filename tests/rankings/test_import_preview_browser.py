"""The preview of a whole edition in Chromium, in English and French: it fits a screen.

A 1,200-institution file: the summary and Confirm / Cancel stay at the top while scrolling,
warnings stand apart from the information lines with their rows folded away, and the changes
are folded table by table. Set IMPORT_SCREENSHOTS to a folder to keep screenshots of it.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connections

from rankings.importing.stash import unstash_upload
from rankings.models import Result

LABELS = {
    "en": {
        "file": "File:",
        "edition": "Edition:",
        "preview": "Preview",
        "confirm": "Confirm import",
        "cancel": "Cancel",
        "warnings": "1 warning: check it; it does not stop the import",
        "rows": "100 rows",
        "overall": "overall: 1200 new, 0 updated",
        "cancelled": "Import cancelled: nothing was written, and the uploaded file was discarded.",
    },
    "fr": {
        "file": "Fichier\u00a0:",
        "edition": "Édition\u00a0:",
        "preview": "Aperçu",
        "confirm": "Confirmer l’import",
        "cancel": "Annuler",
        "warnings": "1 avertissement\u00a0: vérifiez-le\u00a0; il n’empêche pas l’import",
        "rows": "100 lignes",
        "overall": "global\u00a0: nouveaux 1200, mis à jour 0",
        "cancelled": "Import annulé\u00a0: rien n’a été écrit, et le fichier envoyé a été supprimé.",
    },
}


def whole_edition() -> bytes:
    """1,200 institutions overall, 100 of them at rank 101 without "=" (a warning), and 300
    in SDG 3."""
    lines = ["institution,country,table,rank"]
    for n in range(1, 1201):
        rank = n if n <= 100 else 101 if n <= 200 else "201–400" if n <= 400 else "401+"
        lines.append(f"University {n},DE,overall,{rank}")
    for n in range(1, 301):
        lines.append(f"University {n},DE,SDG 3,{n if n <= 100 else '101+'}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(params=["en", "fr"])
def language(request):
    return request.param


@pytest.fixture
def page(browser, live_server, language):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=language)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
    connections.close_all()


@pytest.fixture
def previewed(page, live_server, language, tmp_path):
    user = User.objects.create_user("data", password="data-staff-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Data staff"))
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("data")
    page.locator("#id_password").fill("data-staff-password")
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    upload = tmp_path / "edition.csv"
    upload.write_bytes(whole_edition())
    labels = LABELS[language]
    page.goto(f"{live_server.url}/admin/rankings/result/import/")
    page.get_by_label(labels["file"], exact=True).set_input_files(upload)
    page.get_by_label(labels["edition"], exact=True).fill("2021")
    page.get_by_role("button", name=labels["preview"]).click()
    page.locator('dd[data-count="new"]').wait_for()
    return page


def screenshot(page, name: str) -> None:
    if folder := os.environ.get("IMPORT_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800


@pytest.mark.django_db(transaction=True)
def test_a_whole_edition_preview_keeps_its_summary_and_buttons_at_hand(previewed, language):
    page, labels = previewed, LABELS[language]
    confirm = page.get_by_role("button", name=labels["confirm"])
    cancel = page.get_by_role("button", name=labels["cancel"])
    screenshot(page, f"preview-top-{language}")

    assert in_view(page, confirm)
    assert in_view(page, cancel)
    assert page.locator('dd[data-count="new"]').inner_text() == "1500"
    assert page.locator('dd[data-count="warnings"]').inner_text() == "1"
    # Warnings apart from the grey information lines, their rows folded away.
    warnings = page.locator(".import-warnings")
    assert warnings.get_by_role("heading").inner_text() == labels["warnings"]
    assert warnings.locator("summary").inner_text() == labels["rows"]
    assert not warnings.locator(".import-rows").is_visible()
    assert warnings.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    warnings.locator("summary").click()
    assert warnings.locator(".import-rows").inner_text().startswith("102, 103, 104")
    # Changes folded table by table: the page is a few screens, not 17,000 px.
    groups = page.locator(".import-changes details summary")
    assert groups.nth(0).inner_text() == labels["overall"]
    assert page.evaluate("document.body.scrollHeight") < 3000
    groups.nth(0).click()
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(200)
    screenshot(page, f"preview-scrolled-{language}")
    assert in_view(page, confirm)
    assert in_view(page, cancel)


@pytest.mark.django_db(transaction=True)
def test_cancel_discards_the_stored_upload_and_writes_nothing(previewed, language, live_server):
    page, labels = previewed, LABELS[language]
    token = page.locator('input[name="token"]').get_attribute("value")
    assert unstash_upload(token) is not None

    page.get_by_role("button", name=labels["cancel"]).click()

    page.wait_for_url(f"{live_server.url}/admin/rankings/result/import/")
    assert labels["cancelled"] in page.locator(".messagelist").inner_text()
    screenshot(page, f"cancelled-{language}")
    assert unstash_upload(token) is None
    assert not Result.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_confirm_at_the_top_imports_the_whole_edition(previewed, language, live_server):
    page, labels = previewed, LABELS[language]

    page.get_by_role("button", name=labels["confirm"]).click()

    page.wait_for_url(f"{live_server.url}/admin/rankings/result/")
    assert Result.objects.count() == 1200
