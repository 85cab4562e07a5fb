"""The public school, contact and about pages, on the demo data (IMT, editions 2020 and 2021)."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from schools.models import PressContact
from tests.factories import PhoneNumberFactory, PressContactFactory, ResultFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def jsonld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


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
    assert data["url"] == "http://testserver/en/schools/imt-atlantique/"
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


# --- Contact ---------------------------------------------------------------
def test_contact_page_links_phones_and_email(client, demo):
    page = client.get("/en/contact/").content.decode()
    assert "Séverine Picault" in page
    assert 'href="tel:+33627660509"' in page
    assert 'href="mailto:severine.picault@imt.fr"' in page
    assert "Press officer" in page


def test_contact_page_in_french_shows_the_french_role(client, demo):
    page = client.get("/fr/contact/").content.decode()
    assert "Attachée de presse" in page
    assert "Télécharger la vCard" in page


def test_vcard_download_holds_name_phones_and_email(client, demo):
    contact = PressContact.objects.get(name="Séverine Picault")
    response = client.get(reverse("schools:vcard", kwargs={"pk": contact.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="severine-picault.vcf"'
    card = response.content.decode()
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "FN:Séverine Picault\r\n" in card
    assert "N:Picault;Séverine;;;\r\n" in card
    assert "TEL;TYPE=WORK,VOICE:+33627660509\r\n" in card
    assert "EMAIL;TYPE=INTERNET,WORK:severine.picault@imt.fr\r\n" in card
    assert card.endswith("END:VCARD\r\n")


def test_vcard_escapes_commas_and_semicolons(client, demo):
    contact = PressContact.objects.get(name="Séverine Picault")
    contact.organisation = "IMT; Paris, France"
    contact.save()
    with translation.override("en"):
        url = reverse("schools:vcard", kwargs={"pk": contact.pk})
    card = client.get(url).content.decode()
    assert "ORG:IMT\\; Paris\\, France\r\n" in card


def test_vcard_of_another_group_contact_is_not_found(client, demo):
    stranger = PressContactFactory()
    PhoneNumberFactory(contact=stranger)
    response = client.get(reverse("schools:vcard", kwargs={"pk": stranger.pk}))
    assert response.status_code == 404


# --- About -----------------------------------------------------------------
def test_about_page_shows_the_group_text_key_figures_and_schools(client, demo):
    page = client.get("/en/about/").content.decode()
    assert "About Institut Mines-Télécom" in page
    assert "students a year" in page
    assert "Member school" in page
    assert "Subsidiary school" in page
    assert 'href="/en/schools/imt-mines-ales/"' in page


def test_about_page_in_french_shows_the_french_text(client, demo):
    page = client.get("/fr/about/").content.decode()
    assert "étudiants par an" in page
    assert "École membre" in page


def test_schools_list_shows_other_institutions_when_asked(client, demo):
    ResultFactory(school=SchoolFactory(name="Other Polytechnic", country="DE"))
    page = client.get("/en/schools/", {"kind": "other", "country": "DE"}).content.decode()
    assert "Other Polytechnic" in page


def test_about_page_describes_the_group_and_its_schools_in_json_ld(client, demo):
    (data,) = jsonld(client.get("/en/about/"))
    assert data["@type"] == "EducationalOrganization"
    assert data["name"] == "Institut Mines-Télécom"
    names = [school["name"] for school in data["subOrganization"]]
    assert "IMT Atlantique" in names
    assert "EURECOM" in names


def test_schools_list_keeps_the_chosen_country_selected(client, demo):
    ResultFactory(school=SchoolFactory(name="Other Polytechnic", country="DE"))
    page = client.get("/en/schools/", {"kind": "other", "country": "DE"}).content.decode()
    assert '<option value="DE" selected>Germany</option>' in page


def test_missing_page_is_a_site_page_in_the_visitor_language(client, demo):
    response = client.get("/fr/schools/no-such-school/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Page introuvable" in page
    assert 'href="/fr/rankings/"' in page
