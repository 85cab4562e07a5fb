"""The release reads as written by a press officer: no two sentences in a row of one paragraph
open with the same word, every number printed comes from the facts, and intensity words follow
the data. Checked on the demo's releases and on hundreds of random editions, in both languages."""

import re

import pytest

from press.facts import BRACKETS, NATIONAL_TOP, SDG_COUNT, release_facts
from press.generator import body_text, cases, write_release
from press.generator.prose import first_word, paragraph, repeated_openers
from rankings.models import Edition
from schools.models import Group

from .conftest import facts, school
from .conftest import paragraph as school_paragraph
from .random_facts import random_facts

RANDOM_EDITIONS = range(300)
NUMBER = re.compile(r"\d{1,3}(?:[,\u202f]\d{3})+|\d+")


def generated_text(release) -> str:
    """What the generator writes: title, lead and sections (the About text is the group's)."""
    return release.title + "\n" + body_text(release, marked=False)


def numbers_of(value, found: set[int]) -> set[int]:
    """Every whole number held anywhere in the facts, with the counts derived from them."""
    if isinstance(value, bool) or value is None:
        return found
    if isinstance(value, int):
        found.add(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            numbers_of(item, found)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            numbers_of(getattr(value, name), found)
    elif hasattr(value, "low") and hasattr(value, "high"):  # a Rank
        numbers_of((value.low, value.high), found)
    return found


def fact_numbers(release_facts) -> set[int]:
    found = numbers_of(release_facts, {SDG_COUNT, NATIONAL_TOP, *BRACKETS})
    found |= {len(release_facts.ranked_schools), len(release_facts.ranked_in_country)}
    for one in release_facts.schools:
        found.add(one.sdg_count)
        found |= {len(s) for s in one.sdgs_by_bracket().values()}
        found.add(len(one.first_in_country_sdgs))
    return found


def printed_numbers(text: str) -> set[int]:
    return {int(re.sub(r"\D", "", n)) for n in NUMBER.findall(text)}


@pytest.fixture
def demo_releases(demo):
    editions = Edition.objects.filter(ranking__slug="the-impact-rankings")
    return [
        (found, write_release(found, language))
        for group in Group.objects.all()
        for edition in editions
        for found in [release_facts(group, edition)]
        for language in ("en", "fr")
    ]


@pytest.mark.django_db
def test_demo_releases_never_open_two_sentences_in_a_row_with_the_same_word(demo_releases):
    for _facts, release in demo_releases:
        assert repeated_openers(generated_text(release)) == []


@pytest.mark.django_db
def test_every_number_of_the_demo_releases_comes_from_the_facts(demo_releases):
    for found, release in demo_releases:
        assert printed_numbers(generated_text(release)) <= fact_numbers(found)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_random_editions_never_open_two_sentences_in_a_row_with_the_same_word(language):
    for seed in RANDOM_EDITIONS:
        release = write_release(random_facts(seed), language)
        assert repeated_openers(generated_text(release)) == [], f"seed {seed}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_number_of_random_editions_comes_from_the_facts(language):
    for seed in RANDOM_EDITIONS:
        found = random_facts(seed)
        text = generated_text(write_release(found, language))
        assert printed_numbers(text) <= fact_numbers(found), f"seed {seed}"


def test_reference_release_paragraphs_had_repeated_openers_before_and_have_none_now():
    before = (
        "IMT Atlantique has moved up from the 301–400 band in 2020 to the 101–200 band in 2021 "
        "in the overall ranking. It is thus ranked first among French institutions. It is ranked "
        "in all 17 SDGs. It is in the world top 100 in two SDGs."
    )
    assert len(repeated_openers(before)) == 2


def test_a_sentence_takes_its_other_wording_when_the_first_repeats_the_opener():
    assert paragraph(["It rose.", ("It is first.", "The school is first.")]) == (
        "It rose. The school is first."
    )
    assert paragraph(["École A rose.", ("École B joined.", "With École B, two.")]) == (
        "École A rose. With École B, two."
    )
    assert first_word("L’école est 5e.") == "l’école"


@pytest.mark.parametrize(
    ("before", "now", "bands"),
    [
        ("201-300", "101-200", 1),
        ("301-400", "101-200", 2),
        ("601-800", "401-600", 1),
        ("401-600", "201-300", 2),
        ("1001+", "601-800", 2),
        ("101-200", "301-400", 0),
        ("150", "101-200", 0),
    ],
)
def test_bands_climbed(before, now, bands):
    assert (
        cases.bands_climbed(school(rank=now, previous=before).previous_rank, school(rank=now).rank)
        == bands
    )


@pytest.mark.parametrize(
    ("previous", "sharp"), [("201-300", False), ("301-400", True), ("401-600", True)]
)
def test_a_rise_is_called_sharp_only_from_two_bands_up(previous, sharp):
    one = school(rank="101-200", previous=previous)
    en, fr = school_paragraph("en", one), school_paragraph("fr", one)
    assert ("sharply" in en) is sharp
    assert ("Net bond" in fr) is sharp
    assert cases.sharp_rise(one) is sharp
    # The facts are stated either way.
    assert "to the 101–200 band in 2022" in en.replace("\u2060", "")


def test_lead_facts_are_still_numbered_when_no_opener_repeats():
    found = facts(
        school("École A", rank="101-200", previous="101-200", national_rank=1),
        school("Télécom B", rank="601-800"),
    )
    text = write_release(found, "en").intro[0]
    assert "Télécom B is the 2nd school in the group to join the ranking." in text.replace(
        "\u00a0", " "
    )
