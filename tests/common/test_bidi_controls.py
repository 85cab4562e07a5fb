"""Bidirectional-text controls (U+202E and friends) never reach a public page or a PDF.

An editor's text holding U+202E shows everything after it backwards; stored as it is typed,
it would make a school page or a release read differently from what anyone checked.
"""

import pytest

from common.text import without_bidi_controls
from press.models import PressRelease
from rankings.importing.service import Options, run_import
from rankings.models import Edition
from schools.models import Group, PressContact, School

pytestmark = pytest.mark.django_db

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"
CONTROLS = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("control", CONTROLS)
def test_every_control_is_removed_and_nothing_else(control):
    assert without_bidi_controls(f"IMT{control} Atlantique") == "IMT Atlantique"
    assert without_bidi_controls("École ☃ « x » – 101–200") == "École ☃ « x » – 101–200"


def test_a_school_name_is_saved_without_them(client, demo):
    school = School.objects.get(slug="imt-atlantique")
    school.name = f"IMT {RLO}euqitnaltA{PDF}"
    school.save()
    school.refresh_from_db()
    assert school.name == "IMT euqitnaltA"
    page = client.get(school.get_absolute_url()).content.decode()
    assert RLO not in page


def test_translated_texts_and_contacts_are_saved_without_them(demo):
    group = Group.objects.get(slug="imt")
    group.about_fr = f"{RLI}Texte{PDI}"
    group.save()
    contact = PressContact.objects.get()
    contact.role_en = f"Press {RLO}officer"
    contact.save()
    group.refresh_from_db()
    contact.refresh_from_db()
    assert group.about_fr == "Texte"
    assert contact.role_en == "Press officer"


def test_a_release_is_saved_without_them(demo):
    release = PressRelease.objects.create(
        group=Group.objects.get(slug="imt"),
        edition=Edition.objects.get(year=2021),
        language="en",
        slug="x",
        title=f"{RLO}Title",
        body="Body",
    )
    release.refresh_from_db()
    assert release.title == "Title"


def test_a_results_import_stores_names_without_them(db):
    data = f"institution,country,table,rank\n{RLO}Université X,FR,overall,101-200\n".encode()
    report = run_import(data, options=Options(year=2021))
    assert report.written
    assert School.objects.get(country="FR").name == "Université X"
