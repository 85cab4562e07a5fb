"""The admin import in Chromium: upload, preview, confirm, as data staff do it."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connections

from rankings.models import Edition, Result
from tests.rankings.import_samples import FILES


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    # ORM calls made while Playwright runs get their own connection (it switches contexts);
    # close it, or PostgreSQL refuses to drop the test database at the end.
    connections.close_all()


@pytest.fixture
def logged_in(page, live_server):
    user = User.objects.create_user("data", password="data-staff-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Data staff"))
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("data")
    page.get_by_label("Password").fill("data-staff-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.mark.django_db(transaction=True)
def test_upload_preview_and_confirm_in_chromium(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/admin/rankings/result/")
    page.get_by_role("link", name="Import").click()

    page.get_by_label("File:", exact=True).set_input_files(FILES / "the_overall.ods")
    page.get_by_label("Edition:", exact=True).fill("2021")
    page.get_by_label("Table:", exact=True).select_option("overall")
    page.get_by_role("button", name="Preview").click()

    assert page.locator('dd[data-count="new"]').inner_text() == "10"
    assert page.locator('dd[data-count="errors"]').inner_text() == "0"
    assert page.get_by_role("row", name="IMT Atlantique (FR)").is_visible()
    assert not Result.objects.exists()  # the preview wrote nothing

    page.get_by_role("button", name="Confirm import").click()

    page.wait_for_url(f"{live_server.url}/admin/rankings/result/")
    assert (
        "Imported into THE Impact Rankings 2021: 10 new"
        in page.locator(".messagelist").inner_text()
    )
    assert Result.objects.count() == 10
    assert Edition.objects.get(year=2021).institutions_ranked == 10


@pytest.mark.django_db(transaction=True)
def test_a_bad_file_shows_every_error_and_no_confirm_button(logged_in, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/admin/rankings/result/import/")

    page.get_by_label("File:", exact=True).set_input_files(FILES / "bad_rows.csv")
    page.get_by_label("Edition:", exact=True).fill("2021")
    page.get_by_role("button", name="Preview").click()

    alert = page.get_by_role("alert")
    assert "row 6: country: unknown country “Atlantis”" in alert.inner_text()
    assert page.get_by_role("button", name="Confirm import").count() == 0
