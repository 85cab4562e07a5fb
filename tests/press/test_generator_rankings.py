"""Releases about rankings other than THE Impact, in the office's own wording: places moved,
bands kept, national positions, subject tables and their sizes, a national ranking listed
school by school; no SDG in them."""

from dataclasses import replace

import pytest

from press.facts import EditionFacts, ReleaseFacts, release_facts
from press.facts_rankings import RankingFacts, SubjectStanding
from press.generator import plain_text, write_release
from press.generator.prose import repeated_openers
from rankings.ranks import Rank

from . import ranking_samples
from .conftest import flat, intro, school, section

SAMPLES = ["world_university_rankings", "subject_rankings", "national_ranking"]


def written(sample: str, language: str):
    group, edition = getattr(ranking_samples, sample)()
    return write_release(release_facts(group, edition), language)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("sample", SAMPLES)
def test_no_sdg_and_no_repeated_opener_outside_the_impact_rankings(db, sample, language):
    text = flat(plain_text(written(sample, language)))
    for word in ("SDG", "ODD", "Sustainable", "durable"):
        assert word not in text
    assert repeated_openers(text) == []
    assert "About IMT." in text  # the group's About, as in every release


def test_world_ranking_in_english_as_the_office_writes_it(db):
    release = written("world_university_rankings", "en")
    assert flat(release.title) == (
        "Institut Mines-Télécom schools stand out in the 2021 THE World University Rankings"
    )
    assert intro(release) == (
        "This year, Institut Mines-Télécom (IMT) has four of its schools in the 2021 THE World "
        "University Rankings, among the 31 French institutions ranked. Télécom Paris is first "
        "among French institutions. IMT Mines Alès joins the ranking."
    )
    assert section(release, "Four IMT schools in the ranking") == (
        "The 2021 edition ranks 1,526 institutions (1,397 in 2020)."
    )
    assert section(release, "IMT Atlantique") == (
        "IMT Atlantique keeps its place in the 351–400 band, in the world top 400. "
        "It is 10th in France, up from 12th."
    )
    assert section(release, "Télécom Paris") == (
        "Télécom Paris moves up seven places to 12th (19th in 2020). "
        "It is first in France, up from 2nd."
    )
    assert section(release, "Mines Saint-Étienne").startswith(
        "Mines Saint-Étienne moves up from the 501–600 band in 2020 to the 401–500 band in 2021."
    )
    assert section(release, "IMT Mines Alès") == (
        "IMT Mines Alès enters the ranking in the 601–800 band. It is 20th in France."
    )


def test_world_ranking_in_french(db):
    release = written("world_university_rankings", "fr")
    assert flat(release.title) == (
        "Classement THE World University Rankings 2021 : les écoles du groupe IMT se distinguent"
    )
    assert intro(release).startswith(
        "Cette année, quatre écoles du groupe IMT (Institut Mines-Télécom) figurent au "
        "classement THE World University Rankings 2021, parmi les 31 établissements français "
        "classés."
    )
    assert section(release, "IMT Atlantique") == (
        "IMT Atlantique conserve sa place dans la tranche 351–400, dans le top 400 mondial. "
        "L’école est 10e parmi les établissements français, contre 12e en 2020."
    )
    assert section(release, "Télécom Paris").startswith(
        "Télécom Paris gagne sept places et se classe 12e (19e en 2020)."
    )
    assert section(release, "Quatre écoles du groupe IMT au classement") == (
        "L’édition 2021 classe 1 526 établissements (1 397 en 2020)."
    )


def test_subject_tables_with_their_sizes_in_english(db):
    release = written("subject_rankings", "en")
    assert intro(release) == (
        "This year, Institut Mines-Télécom (IMT) has three of its schools in the subject tables "
        "of the 2021 THE World University Rankings by subject."
    )
    assert section(release, "IMT Atlantique") == (
        "In the subject tables, IMT Atlantique is 151–175 in computer science, of 827 ranked; "
        "201–250 in engineering and technology, of 1,098 ranked."
    )
    # Only the office's own row of that table is stored: its size is unknown, and not said.
    assert section(release, "Mines Saint-Étienne") == (
        "In the subject table, Mines Saint-Étienne is 301–400 in physical sciences."
    )
    assert "IMT Mines Alès" not in plain_text(release)  # in none of the tables


def test_subject_tables_with_their_sizes_in_french(db):
    release = written("subject_rankings", "fr")
    assert section(release, "IMT Atlantique") == (
        "Dans les classements par discipline, IMT Atlantique est dans la tranche 151–175 en "
        "informatique, sur 827 classés ; dans la tranche 201–250 en ingénierie et technologie, "
        "sur 1 098 classés."
    )
    assert flat(release.sections[0].heading) == (
        "Trois écoles du groupe IMT dans les classements par discipline"
    )


def test_national_ranking_listed_school_by_school_in_english(db):
    release = written("national_ranking", "en")
    assert intro(release) == (
        "In the 2020 L'Étudiant ranking of engineering schools, Institut Mines-Télécom (IMT) "
        "has four of its schools: 3rd Télécom Paris (4th in 2019); 9th IMT Atlantique (10th in "
        "2019); 12th Mines Saint-Étienne (19th in 2019); 32nd IMT Mines Alès (40th in 2019)."
    )
    assert section(release, "Four IMT schools in the ranking") == (
        "167 schools were evaluated (160 in 2019)."
    )
    assert section(release, "Mines Saint-Étienne") == (
        "Mines Saint-Étienne moves up seven places to 12th (19th in 2019)."
    )
    assert "in France" not in plain_text(release)  # every position is already national


def test_national_ranking_listed_school_by_school_in_french(db):
    release = written("national_ranking", "fr")
    assert flat(release.title) == (
        "Classement L'Étudiant des écoles d'ingénieurs 2020 : les écoles du groupe IMT se "
        "distinguent"
    )
    assert intro(release) == (
        "Au classement L'Étudiant des écoles d'ingénieurs 2020, le groupe IMT (Institut "
        "Mines-Télécom) place quatre écoles : 3e Télécom Paris (4e en 2019) ; 9e IMT Atlantique "
        "(10e en 2019) ; 12e Mines Saint-Étienne (19e en 2019) ; 32e IMT Mines Alès (40e en 2019)."
    )
    assert section(release, "Quatre écoles du groupe IMT au classement") == (
        "167 écoles ont été évaluées (160 en 2019)."
    )
    assert section(release, "IMT Mines Alès") == (
        "IMT Mines Alès gagne huit places et se classe 32e (40e en 2019)."
    )


# Facts built by hand: every number in the text comes from them.
def facts(*schools, national=False, subjects=()):
    return ReleaseFacts(
        group_name="Group",
        group_short_name="G",
        group_slug="g",
        ranking_name="Ranking",
        country="FR",
        edition=EditionFacts(2024, 500),
        previous=EditionFacts(2023, 450),
        schools=schools,
        ranking=RankingFacts("r", "Some Ranking", "Un classement", national, subjects),
    ).with_figures()


@pytest.mark.parametrize(
    ("rank", "previous", "english", "french"),
    [
        ("15", "12", "moves down three places to 15th (12th in 2023)", "perd trois places"),
        ("=15", "15", "keeps its joint 15th place", "conserve sa 15e place ex æquo"),
        ("101-150", "120", "is in the 101–150 band in 2024, after 120th place", "figure dans"),
        ("1001+", "1001+", "keeps its place in the 1001+ band.", "dans la tranche 1001+."),
        ("15", None, "enters the ranking in 15th place", "entre au classement à la 15e place"),
        (None, "15", "15th in 2023, is not in the 2024 ranking", "ne figure pas au classement"),
    ],
)
def test_each_movement_is_said_from_the_ranks(rank, previous, english, french):
    found = facts(school("École A", rank, previous, listed=rank is not None))
    assert english in flat(plain_text(write_release(found, "en")))
    assert french in flat(plain_text(write_release(found, "fr")))


def test_a_new_entry_is_marked_in_a_national_list():
    found = facts(school("École A", "3", "5"), school("École B", "8"), national=True)
    assert "3rd École A (5th in 2023); 8th École B (new entry)" in intro(write_release(found, "en"))
    assert "8e École B (nouvelle entrée)" in intro(write_release(found, "fr"))


def test_an_exact_subject_place_is_an_ordinal_and_names_keep_their_inner_capitals():
    standing = SubjectStanding("Business and Economics", "Économie", Rank.parse("42"), 900)
    found = facts(
        replace(school("École A", "15", "15"), national_rank=3, previous_national_rank=3),
        subjects=(("école-a", (standing,)),),
    )
    english = flat(plain_text(write_release(found, "en")))
    assert "42nd in business and Economics, of 900 ranked" in english
    assert "It is 3rd in France, as in 2023." in english
    assert "42e en économie, sur 900 classés" in flat(plain_text(write_release(found, "fr")))
