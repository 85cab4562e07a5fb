"""Peer categories: "first among French business schools", said only when every ranked
institution of the country in the overall table has a category."""

import pytest

from press.facts import release_facts
from press.generator import write_release
from press.snapshot import fact_lines
from tests.factories import EditionFactory, GroupFactory, ResultFactory, SchoolFactory

from .conftest import paragraph, school


def test_first_in_its_category_is_said_in_english():
    one = school("École A", "301-400", national_rank=3, category="business", category_rank=1)
    text = paragraph("en", one)
    assert "It is 3rd among the 18 French institutions ranked." in text
    assert "The school is first among French business schools." in text


def test_first_in_its_category_is_said_in_french():
    one = school("École A", "301-400", national_rank=3, category="business", category_rank=1)
    text = paragraph("fr", one)
    assert "L’école est 3e des 18 établissements français classés." in text
    assert "Elle est 1re des écoles de commerce françaises." in text


@pytest.mark.parametrize(
    ("category", "en", "fr"),
    [
        ("engineering", "French engineering schools", "écoles d’ingénieurs françaises"),
        ("university", "French universities", "universités françaises"),
    ],
)
def test_each_category_has_its_words(category, en, fr):
    one = school("École A", "301-400", national_rank=3, category=category, category_rank=1)
    assert en in paragraph("en", one)
    assert fr in paragraph("fr", one)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"category": "business", "category_rank": 2},
        {"category": "business", "category_rank": 1, "category_rank_shared": True},
        {"category": "business", "category_rank": None},  # a ranked institution has none
        {"category": "other", "category_rank": 1},
    ],
)
def test_no_category_sentence_unless_alone_first_in_a_named_category(kwargs):
    one = school("École A", "301-400", national_rank=3, **kwargs)
    for language in ("en", "fr"):
        text = paragraph(language, one)
        assert "commerce" not in text
        assert "business schools" not in text


def test_first_in_the_country_is_not_said_again_for_the_category():
    one = school("École A", "101-200", national_rank=1, category="business", category_rank=1)
    assert "business schools" not in paragraph("en", one)


@pytest.fixture
def table(db):
    """A French overall table: two business schools (the group's is second overall among the
    French, first among business schools), an engineering school, and one Belgian."""
    group = GroupFactory(slug="ge")
    edition = EditionFactory(year=2030)

    def ranked(name, rank, national, category, **kwargs):
        found = SchoolFactory(name=name, category=category, **kwargs)
        ResultFactory(edition=edition, school=found, rank=rank, national_rank=national)
        return found

    ranked("Engineering One", "101-200", 1, "engineering")
    ranked("Our Business School", "201-300", 2, "business", group=group, kind="member")
    other = ranked("Their Business School", "301-400", 3, "business")
    ranked("Belgian School", "50", 1, "", country="BE")
    return group, edition, other


def test_the_selector_gives_the_position_among_the_category(table):
    group, edition, _other = table
    found = release_facts(group, edition).schools[0]
    assert (found.category, found.category_rank, found.category_rank_shared) == (
        "business",
        1,
        False,
    )
    assert (
        fact_lines(release_facts(group, edition))[
            "Our Business School: rank among business institutions"
        ]
        == "1"
    )
    release = write_release(release_facts(group, edition), "en")
    assert "first among French business schools" in " ".join(release.sections[1].paragraphs)


def test_one_french_institution_without_a_category_silences_it(table):
    group, edition, other = table
    other.category = ""
    other.save()
    found = release_facts(group, edition).schools[0]
    assert found.category_rank is None
    release = write_release(release_facts(group, edition), "fr")
    assert "écoles de commerce" not in " ".join(release.sections[1].paragraphs)
