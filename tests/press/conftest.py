"""Fixtures for the press tests: the demo's 2021 release, and facts built by hand."""

import pytest

from press.facts import EditionFacts, ReleaseFacts, SchoolFacts, SDGStanding
from press.generator import Release, write_release
from rankings.models import Edition
from rankings.ranks import Rank
from schools.models import Group

# The Chromium fixtures of tests/browser, for test_browser.py here.
from tests.browser.conftest import (  # noqa: F401
    _static_files_without_collectstatic,
    axe_source,
    page,
    site,
)

SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2060": None})


def flat(text: str) -> str:
    """Text with no-break spaces as plain ones and no word joiners, to match phrases whatever
    the typography."""
    return text.translate(SPACES)


def section(release: Release, heading: str) -> str:
    """The paragraphs under one heading of a generated release."""
    for found in release.sections:
        if flat(found.heading) == heading:
            return flat(" ".join(found.paragraphs))
    raise AssertionError(f"no section {heading!r} in {[s.heading for s in release.sections]}")


def intro(release: Release) -> str:
    return flat(" ".join(release.intro))


@pytest.fixture
def imt(demo) -> Group:
    return Group.objects.get(slug="imt")


@pytest.fixture
def edition_2021(demo) -> Edition:
    return Edition.objects.get(year=2021, ranking__slug="the-impact-rankings")


def sdg(number: int, rank: str, national: int | None = None) -> SDGStanding:
    return SDGStanding(number, f"Goal {number}", f"Objectif {number}", Rank.parse(rank), national)


def school(name="École A", rank=None, previous=None, **kwargs) -> SchoolFacts:
    return SchoolFacts(
        name=name,
        slug=name.lower().replace(" ", "-"),
        country=kwargs.pop("country", "FR"),
        rank=Rank.parse(rank) if rank else None,
        previous_rank=Rank.parse(previous) if previous else None,
        **kwargs,
    )


def facts(*schools: SchoolFacts, size=(776, 1115), country_count=18) -> ReleaseFacts:
    return ReleaseFacts(
        group_name="Groupe Exemple",
        group_short_name="GE",
        group_slug="ge",
        ranking_name="THE Impact Rankings",
        country="FR",
        edition=EditionFacts(2022, size[1], country_count),
        previous=EditionFacts(2021, size[0], None) if size[0] else None,
        schools=schools,
    )


def paragraph(language: str, one: SchoolFacts, **kwargs) -> str:
    return section(write_release(facts(one, **kwargs), language), one.name)
