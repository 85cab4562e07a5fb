"""vCards of press contacts (schools/vcards.py)."""

import pytest

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
    PhoneNumberFactory(contact=contact, number="+33 6 00 00 00 00", label="Mobile")
    assert "TEL;TYPE=CELL,VOICE:+33600000000\r\n" in vcard(contact)


def test_a_single_name_is_the_family_name():
    assert "N:Plato;;;;\r\n" in vcard(PressContactFactory(name="Plato", email=""))
