"""A published release keeps the press contacts it showed when published, as it keeps its text.

Data staff may import contacts: an import (or an editor) changing them later must not rewrite
what a public release, or its PDF, told journalists.
"""

import io

import pytest
from pypdf import PdfReader

from press import services
from schools.models import PressContact
from tests.factories import PressContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(imt, edition_2021):
    release = services.generate_draft(group=imt, edition=edition_2021, language="en", user=None)
    return services.publish(release=release, user=None)


def rewrite_contacts(imt) -> None:
    """What a hostile contacts import did: a new e-mail and phone, and a fake spokesperson."""
    contact = PressContact.objects.get(group=imt)
    contact.email = "attacker@example.com"
    contact.save()
    contact.phones.update(number="+33 9 99 99 99 99")
    PressContactFactory(group=imt, name="Fake Spokesperson", email="fake@example.com")


def test_the_release_page_keeps_the_contacts_it_was_published_with(client, imt, published):
    before = client.get(published.get_absolute_url()).content.decode()
    assert "severine.picault@imt.fr" in before.lower()
    rewrite_contacts(imt)
    after = client.get(published.get_absolute_url()).content.decode()
    assert "attacker@example.com" not in after
    assert "Fake Spokesperson" not in after
    assert "+33 9 99 99 99 99" not in after
    assert "severine.picault@imt.fr" in after.lower()


def test_the_pdf_keeps_them_too(client, imt, published):
    rewrite_contacts(imt)
    pdf = client.get(published.get_pdf_url())
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Fake Spokesperson" not in text
    assert "attacker@example.com" not in text


def test_the_contact_page_shows_the_change_at_once(client, imt, published):
    rewrite_contacts(imt)
    page = client.get("/en/contact/").content.decode()
    assert "Fake Spokesperson" in page


def test_a_draft_shows_todays_contacts_and_publishing_again_freezes_them(imt, published):
    rewrite_contacts(imt)
    draft = services.withdraw(release=published, user=None)
    assert draft.contacts_snapshot is None
    republished = services.publish(release=draft, user=None)
    assert "Fake Spokesperson" in [card["name"] for card in republished.contacts_snapshot]


def test_a_release_prints_a_phone_s_kind_in_its_own_language(client, imt, edition_2021):
    imt.press_contacts.get().phones.update(kind="mobile")
    french = services.generate_draft(group=imt, edition=edition_2021, language="fr", user=None)
    french = services.publish(release=french, user=None)
    page = client.get(french.get_absolute_url()).content.decode()
    assert '<span class="contact-card__label">Portable</span>' in page
    # Frozen with the release, like the number.
    imt.press_contacts.get().phones.update(kind="office")
    assert "Portable" in client.get(french.get_absolute_url()).content.decode()


def test_a_release_frozen_before_phone_labels_still_shows_its_phones(client, published):
    for card in published.contacts_snapshot:
        for phone in card["phones"]:
            del phone["label"]
    published.save()
    page = client.get(published.get_absolute_url()).content.decode()
    assert '<span class="contact-card__label">Phone</span>' in page
