"""The schools list and a school's page (rankings/views.py): pages made of results."""

import pytest
from django.urls import reverse

from tests.factories import ResultFactory, SchoolFactory
from tests.pages import jsonld

pytestmark = pytest.mark.django_db


# --- Schools list ----------------------------------------------------------
def test_schools_list_shows_the_group_schools_with_their_latest_rank(client, demo):
    response = client.get("/en/schools/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "IMT Atlantique" in page
    assert "EURECOM" in page
    assert "101–200" in page
    assert "Rank 2021" in page


def test_schools_list_filters_by_kind(client, demo):
    response = client.get("/en/schools/", {"kind": "subsidiary"})
    page = response.content.decode()
    assert "EURECOM" in page
    assert "InSIC" in page
    assert "IMT Atlantique" not in page


def test_schools_list_filters_by_country(client, demo):
    SchoolFactory(name="Universidad de Prueba", country="ES")
    page = client.get("/en/schools/", {"country": "es"}).content.decode()
    assert "Universidad de Prueba" in page
    assert "IMT Atlantique" not in page


def test_schools_list_reports_an_unknown_country_and_ignores_it(client, demo):
    response = client.get("/en/schools/", {"country": "ZZ"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown country code." in page
    assert "IMT Atlantique" in page


# --- School page -----------------------------------------------------------
def test_school_page_shows_rank_movement_and_national_standing(client, demo):
    page = client.get("/en/schools/imt-atlantique/").content.decode()
    assert "<h1>IMT Atlantique</h1>" in page
    assert "101–200" in page
    assert "up from 301–400" in page
    assert "1 of 18" in page
    assert "17 of 17" in page


def test_school_page_draws_the_rank_chart_with_a_text_alternative(client, demo):
    page = client.get("/en/schools/imt-atlantique/").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg
    assert svg.count('class="chart__band"') == 2  # 301–400 in 2020, 101–200 in 2021
    assert "2020" in svg
    assert "2021" in svg


def test_school_page_lists_every_sdg_with_its_colour_and_name(client, demo):
    page = client.get("/en/schools/imt-atlantique/").content.decode()
    assert "--sdg: #FCC30B; --sdg-text: #000000" in page  # SDG 7's yellow takes black text
    assert "--sdg: #19486A; --sdg-text: #FFFFFF" in page
    assert "Partnerships for the goals" in page
    assert reverse("rankings:sdg", kwargs={"year": 2021, "number": 11}) in page


def test_school_page_describes_the_school_in_json_ld(client, demo):
    response = client.get("/en/schools/imt-atlantique/")
    (data,) = jsonld(response)
    assert data["@type"] == "CollegeOrUniversity"
    assert data["name"] == "IMT Atlantique"
    assert data["url"] == "http://127.0.0.1:8000/en/schools/imt-atlantique/"
    assert data["parentOrganization"]["name"] == "Institut Mines-Télécom"


def test_school_page_of_an_institution_without_results_says_so(client, db):
    school = SchoolFactory(name="Lonely University")
    page = client.get(school.get_absolute_url()).content.decode()
    assert "no result in any edition yet" in page


def test_unknown_school_is_not_found(client, demo):
    assert client.get("/en/schools/no-such-school/").status_code == 404


def test_school_page_in_french_uses_french_names_and_labels(client, demo):
    page = client.get("/fr/schools/imt-atlantique/").content.decode()
    assert '<html lang="fr">' in page
    assert "Partenariats pour la réalisation des objectifs" in page
    assert "Rang global" in page
    assert "en hausse, depuis 301–400" in page


@pytest.mark.parametrize(
    ("slug", "phrases"),
    [
        (
            "imt-atlantique",
            [
                "Résultats d’IMT Atlantique par édition",
                "Rang d’IMT Atlantique dans chaque classement par ODD",
                "Rang global d’IMT Atlantique par édition",
            ],
        ),
        ("mines-saint-etienne", ["Résultats de Mines Saint-Étienne par édition"]),
    ],
)
def test_french_school_page_elides_de_before_a_vowel(client, demo, slug, phrases):
    page = client.get(f"/fr/schools/{slug}/").content.decode()
    for phrase in phrases:
        assert phrase in page
    assert "de IMT" not in page


def test_english_school_page_names_the_school_after_of(client, demo):
    page = client.get("/en/schools/imt-atlantique/").content.decode()
    assert "Results of IMT Atlantique by edition" in page
    assert "Rank of IMT Atlantique in each SDG table" in page


def test_schools_list_shows_other_institutions_when_asked(client, demo):
    ResultFactory(school=SchoolFactory(name="Other Polytechnic", country="DE"))
    page = client.get("/en/schools/", {"kind": "other", "country": "DE"}).content.decode()
    assert "Other Polytechnic" in page


def test_schools_list_keeps_the_chosen_country_selected(client, demo):
    ResultFactory(school=SchoolFactory(name="Other Polytechnic", country="DE"))
    page = client.get("/en/schools/", {"kind": "other", "country": "DE"}).content.decode()
    assert '<option value="DE" selected>Germany</option>' in page
