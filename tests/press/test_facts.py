"""The facts selector: everything a release needs, in a fixed number of queries."""

import pytest

from press.facts import release_facts
from press.generator import write_release
from press.snapshot import changed_facts, fact_lines
from rankings.ranks import Rank
from schools.models import School
from tests.factories import EditionFactory, ResultFactory, SchoolFactory, SDGResultFactory

from .conftest import intro, section


def test_facts_are_loaded_in_eight_queries_whatever_the_number_of_schools(
    imt, edition_2021, django_assert_num_queries
):
    for n in range(5):  # more schools with results must not mean more queries
        school = SchoolFactory(group=imt, kind="member", name=f"Extra School {n}")
        result = ResultFactory(edition=edition_2021, school=school, rank="801-1000")
        SDGResultFactory(result=result)
    # edition, previous edition, results, their SDG results, country counts, the country's
    # institutions (shared national ranks, positions among a category), contacts, phones
    with django_assert_num_queries(8):
        facts = release_facts(imt, edition_2021)
    assert len(facts.ranked_schools) == 9


def test_facts_of_the_demo_2021_edition(imt, edition_2021):
    facts = release_facts(imt, edition_2021)
    atlantique = facts.schools[0]
    assert atlantique.name == "IMT Atlantique"
    assert (atlantique.previous_rank, atlantique.rank) == (Rank(301, 400), Rank(101, 200))
    assert (atlantique.previous_national_rank, atlantique.national_rank) == (4, 1)
    assert atlantique.sdg_count == 17
    assert [s.number for s in atlantique.sdgs_by_bracket()[100]] == [7, 13]
    assert facts.country == "FR"
    assert (facts.edition.institutions_ranked, facts.previous.institutions_ranked) == (1115, 776)
    assert facts.edition.country_institutions == 18
    assert facts.country_leader == atlantique
    assert [s.name for s in facts.newcomers] == ["Institut Mines-Télécom Business School"]


def test_partners_and_other_institutions_are_not_in_the_release(imt, edition_2021):
    partner = SchoolFactory(group=imt, kind="partner", name="Partner University")
    ResultFactory(edition=edition_2021, school=partner, rank="57")
    ResultFactory(edition=edition_2021, rank="58")
    names = [s.name for s in release_facts(imt, edition_2021).schools]
    assert "Partner University" not in names
    assert len(names) == 4


def test_changed_facts_lists_changed_added_and_removed_lines():
    before = {"A: overall rank": "101–200", "B: overall rank": "301–400"}
    after = {"A: overall rank": "201–300", "C: overall rank": "57"}
    changes = [(c.fact, c.before, c.after) for c in changed_facts(before, after)]
    assert changes == [
        ("A: overall rank", "101–200", "201–300"),
        ("B: overall rank", "301–400", "—"),
        ("C: overall rank", "—", "57"),
    ]


def test_fact_lines_name_each_school_and_sdg(imt, edition_2021):
    lines = fact_lines(release_facts(imt, edition_2021))
    assert lines["IMT Mines Alès: SDG 2"] == "101–200 (national 1)"
    assert lines["Institut Mines-Télécom Business School: previous overall rank"] == "not ranked"
    assert lines["Institutions ranked in 2020"] == "776"


@pytest.fixture
def tied_2022(demo):
    """2022: two IMT schools tied first in France, one tied 4th with a school outside the
    group, one 9th alongside a Belgian 9th (another country: no tie)."""
    edition = EditionFactory(year=2022, institutions_ranked=1410)
    school = {s.slug: s for s in School.objects.filter(group__slug="imt")}
    for slug, rank, national in [
        ("imt-atlantique", "=57", 1),
        ("telecom-paris", "=57", 1),
        ("imt-mines-ales", "201-300", 4),
        ("mines-saint-etienne", "401-600", 9),
    ]:
        ResultFactory(edition=edition, school=school[slug], rank=rank, national_rank=national)
    ResultFactory(
        edition=edition, school=SchoolFactory(country="FR"), rank="201-300", national_rank=4
    )
    ResultFactory(
        edition=edition, school=SchoolFactory(country="BE"), rank="401-600", national_rank=9
    )
    return edition


def test_a_national_rank_held_by_another_institution_of_the_country_is_shared(imt, tied_2022):
    facts = release_facts(imt, tied_2022)
    assert {s.name: s.national_rank_shared for s in facts.ranked_schools} == {
        "IMT Atlantique": True,
        "Télécom Paris": True,
        "IMT Mines Alès": True,
        "Mines Saint-Étienne": False,
    }
    assert fact_lines(facts)["IMT Mines Alès: national rank"] == "=4"
    assert fact_lines(facts)["Mines Saint-Étienne: national rank"] == "9"


@pytest.mark.parametrize(
    ("language", "lead", "remains", "first", "fourth"),
    [
        (
            "en",
            "IMT Atlantique and Télécom Paris are joint first among French institutions.",
            "It remains joint first among French institutions.",
            "It is joint first among French institutions.",
            "It is joint 4th among French institutions.",
        ),
        (
            "fr",
            "IMT Atlantique et Télécom Paris sont à égalité en tête des établissements français.",
            "L’école reste à égalité en tête des établissements français.",
            "L’école est à égalité en tête des établissements français.",
            "L’école est 4e ex æquo parmi les établissements français.",
        ),
    ],
)
def test_ties_in_the_country_are_written_as_joint(
    imt, tied_2022, language, lead, remains, first, fourth
):
    # IMT Atlantique was already first in 2021; Télécom Paris is new to the ranking.
    release = write_release(release_facts(imt, tied_2022), language)
    assert lead in intro(release)
    assert remains in section(release, "IMT Atlantique")
    assert first in section(release, "Télécom Paris")
    assert fourth in section(release, "IMT Mines Alès")
