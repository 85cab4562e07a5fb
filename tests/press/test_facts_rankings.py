"""`press.facts_rankings`: another ranking's names, scope and subject tables in the facts."""

from press.facts import release_facts
from press.snapshot import fact_lines
from rankings.ranks import Rank

from . import ranking_samples


def subjects(facts, slug):
    return {s.name_en: s for s in facts.ranking.subjects_of(slug)}


def test_whole_subject_tables_are_counted_for_their_size(db):
    group, edition = ranking_samples.subject_rankings()
    facts = release_facts(group, edition)
    found = subjects(facts, "imt-atlantique")
    assert found["Computer science"].rank == Rank.parse("151-175")
    assert found["Computer science"].size == 827
    assert found["Engineering and technology"].size == 1098
    assert found["Computer science"].name("fr") == "Informatique"


def test_a_table_holding_only_the_group_s_school_has_no_size(db):
    group, edition = ranking_samples.subject_rankings()
    facts = release_facts(group, edition)
    assert subjects(facts, "mines-saint-etienne")["Physical sciences"].size is None


def test_subject_tables_cost_two_queries_more(db, django_assert_num_queries):
    group, edition = ranking_samples.subject_rankings()
    # Seven for the overall facts of an edition with no previous one, two for the subject
    # tables: the group's places, then the whole tables' sizes.
    with django_assert_num_queries(9):
        release_facts(group, edition)


def test_a_national_ranking_says_so(db):
    group, edition = ranking_samples.national_ranking()
    facts = release_facts(group, edition)
    assert facts.ranking.national
    assert facts.ranking.name("fr") == "Classement L'Étudiant des écoles d'ingénieurs"


def test_the_impact_rankings_keep_their_own_facts(imt, edition_2021):
    assert release_facts(imt, edition_2021).ranking is None


def test_fact_lines_hold_subject_places_so_a_published_release_notices_changes(db):
    group, edition = ranking_samples.subject_rankings()
    lines = fact_lines(release_facts(group, edition))
    assert lines["IMT Atlantique: Computer science"] == "151–175 (of 827)"
    assert lines["Mines Saint-Étienne: Physical sciences"] == "301–400"
