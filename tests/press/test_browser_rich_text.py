"""The editorial block's rich-text editor in Chromium, under the site's real CSP (no bypass):
it loads, styles itself without a violation, and its heading and paragraphs are saved as the
public page's tags."""

import pytest
from django.contrib.auth.models import User

from press import services
from press.models import PressRelease
from rankings.models import Edition
from schools.models import Group

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_editor_writes_a_block_in_the_rich_text_editor(site, browser):
    release = services.generate_draft(
        group=Group.objects.get(slug="imt"),
        edition=Edition.objects.get(year=2021, ranking__slug="the-impact-rankings"),
        language="en",
        user=None,
    )
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(site + f"/admin/press/pressrelease/{release.pk}/change/")
    page.click("#blocks-group .add-row a")
    editor = page.locator("#blocks-0 trix-editor")
    editor.click()
    page.click("#blocks-0 trix-toolbar .trix-button--icon-heading-1")
    page.keyboard.type("Next steps")
    page.keyboard.press("Enter")
    page.keyboard.type("Our programme starts here.")
    assert editor.evaluate("e => getComputedStyle(e).display") == "block"
    with page.expect_navigation():
        page.click("input[name=_continue]")

    html = PressRelease.objects.get(pk=release.pk).blocks.get().html
    assert html == "<h3>Next steps</h3><p>Our programme starts here.</p>"
    assert violations == []
    context.close()
