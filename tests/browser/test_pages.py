"""The public pages in Chromium: axe-core finds no WCAG 2.2 AA violation, in English and French,
and a journalist's path through the site works with a real browser, in both languages."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGE_TYPES = {
    "home": "/{lang}/",
    "schools list": "/{lang}/schools/",
    "school page": "/{lang}/schools/imt-atlantique/",
    "rankings index": "/{lang}/rankings/",
    "edition table": "/{lang}/rankings/2021/?country=FR&sdg=11",
    "sdg table": "/{lang}/rankings/2021/sdg/12/",
    "contact": "/{lang}/contact/",
    "about": "/{lang}/about/",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_type_has_no_accessibility_violation(site, page, axe_source, lang):
    found = {}
    for name, path in PAGE_TYPES.items():
        response = page.goto(site + path.format(lang=lang))
        assert response.status == 200, path
        assert page.get_attribute("html", "lang") == lang
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    assert found == {}


def test_skip_link_is_first_and_moves_focus_to_the_content(site, page):
    page.goto(site + "/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def journey(page, site, *, start, labels):
    """Home → a school → the edition table filtered by country and SDG → contact → vCard."""
    page.goto(site + start)
    page.get_by_role("link", name="IMT Atlantique").first.click()
    page.wait_for_url("**/schools/imt-atlantique/")
    assert page.get_by_role("heading", level=1).inner_text() == "IMT Atlantique"
    assert page.locator(".chart svg").is_visible()

    page.get_by_role("link", name="2021", exact=True).click()
    page.wait_for_url("**/rankings/2021/")
    page.get_by_label(labels["country"], exact=True).select_option("FR")
    page.get_by_label(labels["sdg"]).select_option("11")
    page.get_by_role("button", name=labels["apply"]).click()
    page.wait_for_url("**/rankings/2021/?*")
    names = page.locator("tbody th[scope=row] a").all_inner_texts()
    assert "Mines Saint-Étienne" in names
    assert "Institut Mines-Télécom Business School" not in names
    assert page.locator("tr.is-group").count() == len(names)

    page.get_by_role("navigation", name=labels["nav"]).get_by_role(
        "link", name=labels["contacts"]
    ).click()
    page.wait_for_url("**/contact/")
    assert page.locator('a[href="tel:+33627660509"]').is_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=labels["vcard"]).first.click()
    download = download_info.value
    assert download.suggested_filename == "severine-picault.vcf"
    card = Path(download.path()).read_text(encoding="utf-8")
    assert "FN:Séverine Picault" in card
    assert labels["role"] in card


def test_journalist_path_in_english(site, page):
    journey(
        page,
        site,
        start="/en/",
        labels={
            "country": "Country",
            "sdg": "Ranked in SDG",
            "apply": "Apply",
            "nav": "Main",
            "contacts": "Press contacts",
            "vcard": "Download vCard",
            "role": "TITLE:Press officer",
        },
    )


def test_journalist_path_in_french(site, page):
    page.goto(site + "/en/")
    page.get_by_role("link", name="Français").click()
    page.wait_for_url("**/fr/")
    assert page.get_attribute("html", "lang") == "fr"
    journey(
        page,
        site,
        start="/fr/",
        labels={
            "country": "Pays",
            "sdg": "Classé dans l’ODD",
            "apply": "Appliquer",
            "nav": "Navigation principale",
            "contacts": "Contacts presse",
            "vcard": "Télécharger la vCard",
            "role": "TITLE:Attachée de presse",
        },
    )


def test_axe_check_reports_a_real_violation(page, axe_source):
    page.set_content(
        '<!doctype html><html lang="en"><body><main><img src="x.png"></main></body></html>'
    )
    assert any(v.startswith("image-alt") for v in axe_violations(page, axe_source))


def test_no_page_scrolls_sideways_on_a_phone(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    too_wide = {}
    for name, path in PAGE_TYPES.items():
        phone.goto(site + path.format(lang="fr"))
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[name] = width
    context.close()
    assert too_wide == {}


def test_tables_too_wide_for_a_phone_can_be_scrolled_with_the_keyboard(site, browser, axe_source):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, bypass_csp=True
    )
    phone = context.new_page()
    found = {}
    for name in ("schools list", "school page", "edition table", "sdg table"):
        phone.goto(site + PAGE_TYPES[name].format(lang="en"))
        if violations := axe_violations(phone, axe_source):
            found[name] = violations
        # Every wrapper, scrolling or not, is a named region reached with Tab.
        for wrap in phone.locator(".table-wrap").all():
            assert wrap.get_attribute("tabindex") == "0", name
            assert wrap.get_attribute("role") == "region", name
            assert (
                wrap.evaluate(
                    "el => document.getElementById(el.getAttribute('aria-labelledby')).tagName"
                )
                == "CAPTION"
            ), name
    phone.goto(site + PAGE_TYPES["school page"].format(lang="en"))
    sdg_table = phone.get_by_role("region", name="Rank of IMT Atlantique in each SDG table")
    sdg_table.focus()
    assert sdg_table.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    context.close()
    assert found == {}


def test_printed_page_leaves_out_navigation_and_filters(site, page):
    page.goto(site + "/en/rankings/2021/")
    page.emulate_media(media="print")
    assert not page.locator(".main-nav").is_visible()
    assert not page.locator("form.filters").is_visible()
    assert page.locator("table.ranking-table").is_visible()


def test_keyboard_focus_is_visible_in_the_navigation(site, page):
    from common.colours import contrast_ratio

    page.emulate_media(reduced_motion="reduce")  # no colour transition to wait for
    page.goto(site + "/en/rankings/")
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Schools")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    colours = link.evaluate(
        "el => { const s = getComputedStyle(el); return [s.color, s.backgroundColor]; }"
    )

    def hex_colour(rgb: str) -> str:
        red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
        return f"#{red:02X}{green:02X}{blue:02X}"

    text, background = (hex_colour(value) for value in colours)
    assert background == "#FFDD00"
    assert contrast_ratio(text, background) >= 4.5


OTHER_RANKING_PAGES = {
    "ranking page": "/{lang}/rankings/the-world-rankings/",
    "other ranking's table": "/{lang}/rankings/the-world-rankings/2021/?subject=computer-science",
    "subject table": "/{lang}/rankings/the-world-rankings/2021/computer-science/",
    "school page in several rankings": "/{lang}/schools/imt-atlantique/",
    "rankings index with several rankings": "/{lang}/rankings/",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_ranking_s_pages_have_no_accessibility_violation(site, page, axe_source, lang):
    from rankings.models import SubjectResult
    from schools.models import School
    from tests.factories import EditionFactory, RankingFactory, ResultFactory, SubjectFactory

    wur = RankingFactory(slug="the-world-rankings", name="THE World University Rankings")
    subject = SubjectFactory(ranking=wur, name="Computer science")
    school = School.objects.get(slug="imt-atlantique")
    for year, rank in ((2020, "401-500"), (2021, "351-400")):
        result = ResultFactory(
            edition=EditionFactory(ranking=wur, year=year), school=school, rank=rank
        )
    SubjectResult.objects.create(result=result, subject=subject, rank_low=151, rank_high=175)
    found = {}
    for name, path in OTHER_RANKING_PAGES.items():
        response = page.goto(site + path.format(lang=lang))
        assert response.status == 200, path
        if violations := axe_violations(page, axe_source):
            found[name] = violations
    assert found == {}
