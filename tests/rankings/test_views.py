"""The home page, the rankings index and the ranking tables; sitemap, robots, head links."""

import datetime
import re

import pytest
from django.urls import reverse

from rankings.models import SDG, Edition
from tests.factories import ResultFactory, SchoolFactory, SDGResultFactory
from tests.pages import jsonld

pytestmark = pytest.mark.django_db


def table_rows(response) -> list[str]:
    """The institution names of the table body, in order."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', body)


# --- Home ------------------------------------------------------------------
def test_home_page_sums_up_the_latest_edition_for_the_group(client, demo):
    page = client.get("/en/").content.decode()
    assert "IMT schools in the 2021 Impact Rankings" in page
    assert "1,115 institutions ranked worldwide." in page
    assert "4 of our schools among the 18 institutions ranked in France." in page
    assert "up from 301–400" in page
    assert "new entry" in page
    assert "World top 100 in 2 SDGs" in page
    assert "First in France in 2 SDGs" in page


def test_home_page_lists_the_best_ranked_school_first(client, demo):
    page = client.get("/en/").content.decode()
    assert page.index("IMT Atlantique") < page.index("IMT Mines Alès")
    assert page.index("Mines Saint-Étienne") < page.index("Institut Mines-Télécom Business School")


def test_home_page_in_french_groups_thousands_the_french_way(client, demo):
    page = client.get("/fr/").content.decode()
    assert '<html lang="fr">' in page
    assert "1\u00a0115 établissements classés dans le monde." in page


def test_home_page_without_any_edition_still_renders(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "No ranking edition has been published yet." in response.content.decode()


# --- Rankings index --------------------------------------------------------
def test_rankings_index_lists_editions_latest_first_with_counts(client, demo):
    page = client.get("/en/rankings/").content.decode()
    assert page.index("THE Impact Rankings 2021") < page.index("THE Impact Rankings 2020")
    assert "1,115" in page
    assert reverse("rankings:sdg", kwargs={"year": 2021, "number": 17}) in page
    assert "21 April 2021" in page


def test_rankings_index_dates_read_as_french_dates(client, demo):
    Edition.objects.filter(year=2021).update(
        published_at=datetime.datetime(2021, 4, 1, 12, tzinfo=datetime.UTC)
    )

    page = client.get("/fr/rankings/").content.decode()

    assert "1er avril 2021" in page
    assert "22 avril 2020" in page


# --- Edition table ---------------------------------------------------------
def test_edition_table_lists_every_institution_by_rank(client, demo):
    response = client.get("/en/rankings/2021/")
    names = table_rows(response)
    assert names[0] == "IMT Atlantique"
    assert names.index("IMT Mines Alès") < names.index("Mines Saint-Étienne")


def test_edition_table_highlights_the_group_schools(client, demo):
    ResultFactory(school=SchoolFactory(name="Elsewhere University", country="DE"))
    page = client.get("/en/rankings/2021/").content.decode()
    group_rows = re.findall(r'<tr class="is-group">.*?</tr>', page, re.S)
    assert any(
        "IMT Atlantique" in row and '<span class="tag">IMT</span>' in row for row in group_rows
    )
    assert not any("Elsewhere University" in row for row in group_rows)


def test_edition_table_filters_by_country_and_sdg(client, demo):
    german = ResultFactory(school=SchoolFactory(name="Technische Probe", country="DE"))
    SDGResultFactory(result=german, sdg=SDG.objects.get(number=3))
    response = client.get("/en/rankings/2021/", {"country": "FR", "sdg": 11})
    names = table_rows(response)
    assert "Mines Saint-Étienne" in names
    assert "Technische Probe" not in names
    assert "Institut Mines-Télécom Business School" not in names  # not ranked in SDG 11
    assert table_rows(client.get("/en/rankings/2021/", {"country": "DE", "sdg": 3})) == [
        "Technische Probe"
    ]


def test_edition_table_filtered_by_sdg_still_counts_every_sdg(client, demo):
    page = client.get("/en/rankings/2021/", {"sdg": 11, "q": "atlantique"}).content.decode()
    row = re.search(r"<tr[^>]*>\s*<td[^>]*>101–200</td>.*?</tr>", page, re.S).group(0)
    assert '<td class="num">17</td>' in row


def test_edition_table_search_ignores_accents_and_case(client, demo):
    names = table_rows(client.get("/en/rankings/2021/", {"q": "SAINT ETIENNE"}))
    assert names == ["Mines Saint-Étienne"]


def test_edition_table_sorts_by_name(client, demo):
    names = table_rows(client.get("/en/rankings/2021/", {"sort": "name"}))
    # By rank, Mines Saint-Étienne (401–600) comes before the Business School (601–800).
    assert names == [
        "IMT Atlantique",
        "IMT Mines Alès",
        "Institut Mines-Télécom Business School",
        "Mines Saint-Étienne",
    ]


def test_edition_table_paginates_fifty_rows_and_keeps_filters_in_page_links(client, demo):
    edition = Edition.objects.get(year=2021)
    for n in range(60):
        ResultFactory(edition=edition, school=SchoolFactory(name=f"Filler {n:02}", country="FR"))
    first = client.get("/en/rankings/2021/", {"country": "FR"})
    assert len(table_rows(first)) == 50
    assert "?country=FR&amp;page=2" in first.content.decode()
    second = client.get("/en/rankings/2021/", {"country": "FR", "page": 2})
    assert len(table_rows(second)) == 64 - 50


def test_edition_table_shows_institutions_without_overall_rank(client, demo):
    ResultFactory(school=SchoolFactory(name="SDG Only Institute"), rank=None)
    page = client.get("/en/rankings/2021/", {"q": "sdg only"}).content.decode()
    assert "SDG Only Institute" in page
    assert "no overall rank" in page


def test_edition_table_reports_bad_filters_and_ignores_them(client, demo):
    response = client.get("/en/rankings/2021/", {"sdg": "99", "sort": "bogus"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters were ignored" in page
    assert "IMT Atlantique" in page


def test_edition_table_describes_its_rows_as_an_item_list(client, demo):
    (data,) = jsonld(client.get("/en/rankings/2021/"))
    assert data["@type"] == "ItemList"
    first = data["itemListElement"][0]
    assert first["position"] == 1
    assert first["item"]["name"] == "IMT Atlantique"


def test_unknown_edition_is_not_found(client, demo):
    assert client.get("/en/rankings/1999/").status_code == 404


# --- SDG table -------------------------------------------------------------
def test_sdg_table_lists_institutions_ranked_in_that_goal(client, demo):
    response = client.get("/en/rankings/2021/sdg/10/")
    page = response.content.decode()
    assert "Reduced inequalities" in page
    assert "Institut Mines-Télécom Business School" in table_rows(response)


def test_sdg_table_in_french_names_the_goal_in_french(client, demo):
    page = client.get("/fr/rankings/2021/sdg/10/").content.decode()
    assert "Inégalités réduites" in page


@pytest.mark.parametrize("address", ["/en/rankings/2021/", "/en/rankings/2021/sdg/10/"])
def test_a_table_with_no_matching_row_says_so_across_every_column(client, demo, address):
    page = client.get(address, {"q": "no such institution"}).content.decode()

    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "No institution matches these filters." in body
    assert f'colspan="{head.count("<th ")}"' in body


def test_sdg_table_for_a_goal_that_does_not_exist_is_not_found(client, demo):
    assert client.get("/en/rankings/2021/sdg/18/").status_code == 404


# --- Head links, sitemap, robots -------------------------------------------
def test_pages_declare_canonical_and_language_alternates(client, demo):
    page = client.get("/en/rankings/2021/", {"country": "FR"}).content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/rankings/2021/">' in page
    assert (
        '<link rel="alternate" hreflang="fr" href="http://127.0.0.1:8000/fr/rankings/2021/?country=FR">'
        in page
    )
    assert '<meta property="og:title"' in page


def test_language_switcher_links_to_the_same_page_in_the_other_language(client, demo):
    page = client.get("/en/schools/imt-atlantique/").content.decode()
    assert 'href="/fr/schools/imt-atlantique/" lang="fr" hreflang="fr"' in page


def test_sitemap_lists_pages_in_both_languages_with_alternates(client, demo):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<loc>http://127.0.0.1:8000/en/schools/imt-atlantique/</loc>" in xml
    assert "<loc>http://127.0.0.1:8000/fr/schools/imt-atlantique/</loc>" in xml
    assert "<loc>http://127.0.0.1:8000/en/rankings/2021/sdg/10/</loc>" in xml
    assert 'hreflang="x-default"' in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_robots_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text


def test_tables_show_a_score_column_only_when_a_row_has_a_score(client, demo):
    assert (
        '<th scope="col" class="num">Score</th>'
        not in client.get("/en/rankings/2021/").content.decode()
    )
    ResultFactory(school=SchoolFactory(name="Scored University"), rank="57", score_low=88.4)
    page = client.get("/en/rankings/2021/").content.decode()
    assert '<th scope="col" class="num">Score</th>' in page
    assert '<td class="num">88.4</td>' in page


def test_scores_use_the_french_decimal_comma(client, demo):
    ResultFactory(school=SchoolFactory(name="Scored University"), rank="57", score_low=88.4)
    assert '<td class="num">88,4</td>' in client.get("/fr/rankings/2021/").content.decode()


def test_column_headers_sort_the_table_and_say_how_it_is_sorted(client, demo):
    page = client.get("/en/rankings/2021/", {"country": "FR", "page": 1}).content.decode()
    assert '<th scope="col" class="num" aria-sort="ascending">' in page
    assert 'href="?country=FR&amp;sort=name"' in page
    assert 'href="?country=FR&amp;sort=-rank"' in page
    by_name = client.get("/en/rankings/2021/", {"sort": "name"}).content.decode()
    assert (
        '<th scope="col" aria-sort="ascending"><a class="sort-link" href="?sort=name">' in by_name
    )
