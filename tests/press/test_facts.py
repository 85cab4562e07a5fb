"""The facts selector: everything a release needs, in a fixed number of queries."""

from press.facts import changed_facts, fact_lines, release_facts
from rankings.ranks import Rank
from tests.factories import ResultFactory, SchoolFactory, SDGResultFactory


def test_facts_are_loaded_in_seven_queries_whatever_the_number_of_schools(
    imt, edition_2021, django_assert_num_queries
):
    for n in range(5):  # more schools with results must not mean more queries
        school = SchoolFactory(group=imt, kind="member", name=f"Extra School {n}")
        result = ResultFactory(edition=edition_2021, school=school, rank="801-1000")
        SDGResultFactory(result=result)
    # edition, previous edition, results, their SDG results, country counts, contacts, phones
    with django_assert_num_queries(7):
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
