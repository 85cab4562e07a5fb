"""vCards of press contacts (schools/vcards.py)."""

import pytest
from django.utils import translation

from schools.vcards import vcard
from tests.factories import PhoneNumberFactory, PressContactFactory

pytestmark = pytest.mark.django_db


def test_long_lines_are_folded_at_75_octets_and_unfold_to_the_original():
    contact = PressContactFactory(
        name="Séverine Picault",
        organisation="Institut Mines-Télécom, direction de la communication et des relations "
        "presse, établissement public",
    )
    card = vcard(contact)
    assert all(len(line.encode()) <= 75 for line in card.split("\r\n"))
    unfolded = card.replace("\r\n ", "")
    assert "ORG:Institut Mines-Télécom\\, direction de la communication" in unfolded


def test_mobile_phones_are_typed_as_cell():
    contact = PressContactFactory(name="Ada Lovelace")
    PhoneNumberFactory(contact=contact, number="+33 6 00 00 00 00", kind="mobile")
    assert "TEL;TYPE=CELL,VOICE:+33600000000\r\n" in vcard(contact)


def test_a_phone_s_label_is_in_the_card_s_language():
    contact = PressContactFactory(name="Ada Lovelace")
    PhoneNumberFactory(contact=contact, number="+33 1 00 00 00 00", kind="switchboard", order=0)
    PhoneNumberFactory(contact=contact, number="+33 2 00 00 00 00", label="Press room", order=1)
    with translation.override("fr"):
        card = vcard(contact)
    assert "item1.TEL;TYPE=WORK,VOICE:+33100000000\r\nitem1.X-ABLabel:Standard\r\n" in card
    assert "item2.X-ABLabel:Press room\r\n" in card  # free text, as typed
    with translation.override("en"):
        assert "item1.X-ABLabel:Switchboard\r\n" in vcard(contact)


def test_a_single_name_is_the_family_name():
    assert "N:Plato;;;;\r\n" in vcard(PressContactFactory(name="Plato", email=""))
