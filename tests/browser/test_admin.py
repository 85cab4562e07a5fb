"""The editors' admin in Chromium: a rank typed in a real form is saved, and on a phone every
SDG row's rank box is on screen without scrolling sideways."""

import pytest
from django.contrib.auth.models import User

from rankings.models import Result
from schools.models import PressContact
from tests.browser.test_pages import axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def log_in(page, site: str) -> None:
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def atlantique_2021() -> Result:
    return Result.objects.get(school__slug="imt-atlantique", edition__year=2021)


def test_ranks_typed_in_the_result_form_are_saved(site, page):
    log_in(page, site)
    result = atlantique_2021()
    result.sdg_results.filter(sdg=5).delete()
    page.goto(f"{site}/admin/rankings/result/{result.pk}/change/")

    page.fill("#id_rank", " [101 - 200] ")
    new_row = page.locator("tr.dynamic-sdg_results").last
    new_row.locator("select").select_option("5")
    new_row.locator("input[name$='-rank']").fill("=57")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/rankings/result/")

    result.refresh_from_db()
    gender_equality = result.sdg_results.get(sdg=5)
    assert (result.rank_low, result.rank_high) == (101, 200)
    assert (gender_equality.rank_low, gender_equality.rank_tie) == (57, True)


def test_a_bad_rank_is_explained_next_to_the_box(site, page):
    log_in(page, site)
    result = atlantique_2021()
    page.goto(f"{site}/admin/rankings/result/{result.pk}/change/")
    page.fill("#id_rank", "top 100")
    page.click("input[name=_save]")
    error = page.locator(".field-rank .errorlist").first
    assert "is not a rank (expected 57, =57, 101–200 or 1001+)" in error.inner_text()
    result.refresh_from_db()
    assert str(result.rank) == "101–200"


def test_every_sdg_rank_box_is_on_a_phone_screen(site, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    log_in(phone, site)
    result = atlantique_2021()
    phone.goto(f"{site}/admin/rankings/result/{result.pk}/change/")
    boxes = phone.locator("tr.has_original input[name$='-rank']")
    rights = [box.bounding_box()["x"] + box.bounding_box()["width"] for box in boxes.all()]
    context.close()
    assert len(rights) == result.sdg_results.count() == 17
    assert max(rights) <= PHONE["width"]


# axe rules for a box with no name; the admin's other findings (its search box, its filter links)
# are Django's own.
UNNAMED_BOX_RULES = {"label", "select-name"}


def test_every_box_of_the_inline_rows_has_a_name_for_screen_readers(site, page, axe_source):
    log_in(page, site)
    result = atlantique_2021()
    contact = PressContact.objects.filter(phones__isnull=False).first()
    pages = [
        f"/admin/rankings/result/{result.pk}/change/",
        f"/admin/rankings/edition/{result.edition_id}/change/",
        f"/admin/schools/group/{result.school.group_id}/change/",
        f"/admin/schools/presscontact/{contact.pk}/change/",
    ]
    unnamed = {}
    for path in pages:
        assert page.goto(site + path).ok, path
        found = [v for v in axe_violations(page, axe_source) if v.split()[0] in UNNAMED_BOX_RULES]
        if found:
            unnamed[path] = found
    assert unnamed == {}
    assert page.get_attribute("#id_phones-0-number", "aria-label") == "Number, row 1"


LAPTOP = {"width": 1366, "height": 768}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_results_list_shows_every_rank_column_on_a_laptop_without_scrolling_sideways(
    site, browser, language
):
    """Beside the admin's menu and the filters, at 1,366 px, with long institution names."""
    from tests.factories import ResultFactory, SchoolFactory

    edition = atlantique_2021().edition
    for n in range(5):
        school = SchoolFactory(name=f"Universidad Nacional Autónoma de México, campus {n}")
        ResultFactory(edition=edition, school=school, rank="601-800", score_low=50 + n)
    context = browser.new_context(viewport=LAPTOP, locale=language)
    laptop = context.new_page()
    log_in(laptop, site)
    laptop.goto(f"{site}/admin/rankings/result/?o=1")
    table = laptop.locator("#changelist-form .results")
    scroll, visible = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    headers = laptop.locator("#result_list thead th").all_inner_texts()
    context.close()
    assert scroll <= visible, headers
    assert len(headers) == 9  # the box, the institution and the seven columns


def test_the_schools_list_opens_on_the_group_s_schools(site, page):
    from tests.factories import SchoolFactory

    SchoolFactory.create_batch(120)  # an import's other institutions, more than a page
    log_in(page, site)
    page.goto(f"{site}/admin/schools/school/")
    names = page.locator("#result_list tbody th a").all_inner_texts()
    assert "IMT Atlantique" in names
    assert all(not name.startswith("School of Engineering") for name in names)
    page.get_by_role("link", name="All institutions").click()
    page.wait_for_url("**/?show=all")
    assert page.locator("#result_list tbody tr").count() == 100  # a full page of them now
