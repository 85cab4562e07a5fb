"""A made-up 2022 edition on top of the demo: a fall, a school leaving, a tie, a newcomer
while another left, and a new national leader — movements the reference never shows."""

import pytest

from press.facts import release_facts
from press.generator import body_text, write_release
from rankings.models import SDG
from rankings.ranks import Movement
from schools.models import School
from tests.factories import EditionCountryFactory, EditionFactory, ResultFactory, SDGResultFactory

from .conftest import flat, intro, section


@pytest.fixture
def edition_2022(demo):
    edition = EditionFactory(year=2022, institutions_ranked=1410)
    EditionCountryFactory(edition=edition, country="FR", institutions_ranked=25)
    school = {s.slug: s for s in School.objects.filter(group__slug="imt")}
    ResultFactory(edition=edition, school=school["imt-atlantique"], rank="201-300", national_rank=2)
    ales = ResultFactory(
        edition=edition, school=school["imt-mines-ales"], rank="=250", national_rank=1
    )
    SDGResultFactory(result=ales, sdg=SDG.objects.get(number=6), rank="=41", national_rank=1)
    ResultFactory(
        edition=edition, school=school["mines-saint-etienne"], rank="401-600", national_rank=9
    )
    ResultFactory(
        edition=edition, school=school["telecom-paris"], rank="801-1000", national_rank=20
    )
    # Institut Mines-Télécom Business School has no 2022 result: it left the ranking.
    return edition


@pytest.fixture
def facts(imt, edition_2022):
    return release_facts(imt, edition_2022)


def test_second_edition_facts_have_each_movement(facts):
    movements = {s.name: s.movement for s in facts.schools}
    assert movements == {
        "IMT Mines Alès": Movement.UP,
        "IMT Atlantique": Movement.DOWN,
        "Mines Saint-Étienne": Movement.SAME,
        "Télécom Paris": Movement.NEW,
        "Institut Mines-Télécom Business School": Movement.LEFT,
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "IMT Atlantique has moved down from the 101–200 band in 2021 to the 201–300 band in 2022 in the overall ranking. It is 2nd among the 25 French institutions ranked.",
        ),
        (
            "fr",
            "IMT Atlantique recule au classement général, de la tranche 101–200 en 2021 à la tranche 201–300 en 2022. L’école est 2e des 25 établissements français classés.",
        ),
    ],
)
def test_a_fall_is_reported(facts, language, expected):
    assert expected in section(write_release(facts, language), "IMT Atlantique")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Institut Mines-Télécom Business School, in the 601–800 band in 2021, is not in the 2022 overall ranking.",
        ),
        (
            "fr",
            "Institut Mines-Télécom Business School, dans la tranche 601–800 en 2021, ne figure pas au classement général 2022.",
        ),
    ],
)
def test_a_school_leaving_is_reported(facts, language, expected):
    release = write_release(facts, language)
    assert section(release, "Institut Mines-Télécom Business School") == expected
    assert release.sections[-1].heading == "Institut Mines-Télécom Business School"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "IMT Mines Alès has moved up from the 301–400 band in 2021 to joint 250th place in 2022 in the overall ranking. It is thus ranked first among French institutions.",
        ),
        (
            "fr",
            "IMT Mines Alès progresse au classement général, de la tranche 301–400 en 2021 à la 250e place ex æquo en 2022. L’école prend ainsi la tête des établissements français.",
        ),
    ],
)
def test_a_tie_and_a_new_national_leader_are_reported(facts, language, expected):
    text = section(write_release(facts, language), "IMT Mines Alès")
    assert text.startswith(expected)
    assert {"en": "SDG 6", "fr": "ODD 6"}[language] in text
    assert "(=41)" in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "This year, Institut Mines-Télécom (IMT) has four of its schools among the 25 French institutions ranked. Three of them are in the top 10 of French institutions. IMT Mines Alès has taken the lead among French institutions. Télécom Paris joins the ranking.",
        ),
        (
            "fr",
            "Cette année, quatre écoles du groupe IMT (Institut Mines-Télécom) figurent parmi les 25 établissements français classés. Trois d’entre elles se classent dans le top 10 des établissements français. IMT Mines Alès prend la tête des établissements français. Télécom Paris fait son entrée dans le classement.",
        ),
    ],
)
def test_lead_of_the_second_edition(facts, language, expected):
    assert intro(write_release(facts, language)).startswith(expected)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_second_edition_does_not_claim_every_school_held_its_place(facts, language):
    text = flat(body_text(write_release(facts, language)))
    assert "improved or maintained" not in text
    assert "maintiennent" not in text
    assert {"en": "(1,115 in 2021 and 1,410 in 2022)", "fr": "(1 115 en 2021 et 1 410 en 2022)"}[
        language
    ] in text
