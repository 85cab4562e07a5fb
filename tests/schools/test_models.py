import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.text import name_key
from schools.models import PhoneNumber, School
from tests.factories import GroupFactory, PhoneNumberFactory, PressContactFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "spelling",
    ["Mines Saint-Étienne", "MINES SAINT ETIENNE", " mines  saint-etienne ", "Mines Saint–Étienne"],
)
def test_name_key_ignores_case_accents_and_punctuation(spelling):
    assert name_key(spelling) == "mines saint etienne"


def test_slug_is_the_slugified_name_and_stays_unique():
    first = SchoolFactory(name="Mines Saint-Étienne")
    second = SchoolFactory(name="Mines Saint Etienne", country="BE")
    assert first.slug == "mines-saint-etienne"
    assert second.slug == "mines-saint-etienne-2"


def test_same_name_in_the_same_country_is_one_institution():
    SchoolFactory(name="Université de Lille", country="FR")
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(name="UNIVERSITE DE LILLE", country="FR")
    assert SchoolFactory(name="Université de Lille", country="BE").country == "BE"


def test_a_member_school_needs_a_group():
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(kind=School.Kind.MEMBER, group=None)
    assert SchoolFactory(kind=School.Kind.MEMBER, group=GroupFactory()).group is not None


def test_kind_must_be_one_of_the_choices():
    school = SchoolFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=school.pk).update(kind="castle")


def test_school_needs_a_name_and_a_country():
    school = SchoolFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=school.pk).update(name="")
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=school.pk).update(country="")


def test_phone_number_has_a_tel_link():
    phone = PhoneNumberFactory(number="+33 (0) 6 27 66 05 09")
    assert phone.tel_uri == "tel:+33627660509"


def test_phone_number_cannot_be_blank():
    phone = PhoneNumberFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PhoneNumber.objects.filter(pk=phone.pk).update(number="")


def test_queryset_filters():
    group = GroupFactory()
    member = SchoolFactory(group=group, kind=School.Kind.MEMBER, country="FR")
    SchoolFactory(country="DE")
    assert list(School.objects.in_group(group)) == [member]
    assert list(School.objects.members()) == [member]
    assert School.objects.in_country("DE").count() == 1
    assert School.objects.of_kind(School.Kind.OTHER).count() == 1


@pytest.mark.parametrize("number", ["abc", "+", "06 27", "call 06 27 66 05 09"])
def test_a_phone_number_must_be_one_journalists_can_dial(number):
    phone = PhoneNumber(contact=PressContactFactory(), number=number)
    with pytest.raises(ValidationError):
        phone.full_clean()


@pytest.mark.parametrize(
    ("number", "tel"),
    [
        ("+33 (0) 6 27 66 05 09", "tel:+33627660509"),
        ("+33 1 75 31 40 97", "tel:+33175314097"),
    ],
)
def test_printed_phone_numbers_are_accepted_kept_as_printed_and_dialled_as_digits(number, tel):
    phone = PhoneNumber(contact=PressContactFactory(), number=number)
    phone.full_clean()
    phone.save()

    phone.refresh_from_db()
    assert phone.number == number
    assert phone.tel_uri == tel


@pytest.mark.parametrize(
    ("typed", "stored", "link"),
    [
        ("02 29 00 11 22", "+33 2 29 00 11 22", "tel:+33229001122"),
        ("06.27.66.05.09", "+33 6 27 66 05 09", "tel:+33627660509"),
        ("+33 (0) 6 27 66 05 09", "+33 (0) 6 27 66 05 09", "tel:+33627660509"),
        ("+44 20 7946 0000", "+44 20 7946 0000", "tel:+442079460000"),
    ],
)
def test_a_french_number_is_stored_and_linked_in_international_form(db, typed, stored, link):
    phone = PhoneNumberFactory(number=typed)
    phone.refresh_from_db()
    assert phone.number == stored
    assert phone.tel_uri == link
