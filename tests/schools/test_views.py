"""The public school, contact and about pages, on the demo data (IMT, editions 2020 and 2021)."""

import pytest
from django.urls import reverse
from django.utils import translation

from schools.models import PressContact
from tests.factories import PhoneNumberFactory, PressContactFactory
from tests.pages import jsonld

pytestmark = pytest.mark.django_db


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


def test_contact_page_prints_a_phone_s_kind_in_the_page_s_language(client, demo):
    phone = PressContact.objects.get(name="Séverine Picault").phones.first()
    phone.kind = "office"
    phone.save()
    french = client.get("/fr/contact/").content.decode()
    english = client.get("/en/contact/").content.decode()
    assert '<span class="contact-card__label">Bureau</span>' in french
    assert "Office" not in french
    assert '<span class="contact-card__label">Office</span>' in english


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


def test_about_page_describes_the_group_and_its_schools_in_json_ld(client, demo):
    (data,) = jsonld(client.get("/en/about/"))
    assert data["@type"] == "EducationalOrganization"
    assert data["name"] == "Institut Mines-Télécom"
    names = [school["name"] for school in data["subOrganization"]]
    assert "IMT Atlantique" in names
    assert "EURECOM" in names


def test_missing_page_is_a_site_page_in_the_visitor_language(client, demo):
    response = client.get("/fr/schools/no-such-school/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Page introuvable" in page
    assert 'href="/fr/rankings/"' in page
