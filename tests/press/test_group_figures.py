"""Group-level figures: how many schools are ranked, in the country's top 10, and the places
they take together across the SDG tables; computed by the facts selector, never claimed when
national ranks are missing."""

import pytest

from press.facts import group_figures, release_facts
from press.generator import write_release
from rankings.models import SDG
from tests.factories import (
    EditionCountryFactory,
    EditionFactory,
    GroupFactory,
    ResultFactory,
    SchoolFactory,
    SDGResultFactory,
)

from .conftest import facts, flat, intro, school, sdg

pytestmark = pytest.mark.django_db


def build_edition(*, national_ranks=(2, 7, 14), sdg_national=(1, 2, 1, 2)):
    """A 2022 edition ranking 25 French institutions, three of the group's schools among them."""
    group = GroupFactory(name="Groupe Exemple", short_name="GE", slug="ge")
    edition = EditionFactory(year=2022, institutions_ranked=1400)
    EditionCountryFactory(edition=edition, institutions_ranked=25)
    ranks = ("101-200", "301-400", "601-800")
    results = []
    for n, (rank, national) in enumerate(zip(ranks, national_ranks, strict=True)):
        school = SchoolFactory(group=group, kind="member", name=f"School {n}", country="FR")
        results.append(
            ResultFactory(edition=edition, school=school, rank=rank, national_rank=national)
        )
    rows = [(results[0], 4, "57"), (results[0], 7, "150"), (results[1], 13, "101-200")]
    rows.append((results[2], 5, "301-400"))
    for (result, number, rank), national in zip(rows, sdg_national, strict=True):
        SDGResultFactory(
            result=result, sdg=SDG.objects.get(number=number), rank=rank, national_rank=national
        )
    return group, edition


def test_selector_counts_the_groups_places():
    group, edition = build_edition()
    figures = release_facts(group, edition).figures
    assert (figures.ranked, figures.ranked_in_country, figures.in_national_top) == (3, 3, 2)
    assert (figures.sdg_world_top_100, figures.sdg_world_top_200) == (1, 2)
    assert (figures.sdg_first_in_country, figures.sdg_second_in_country) == (2, 2)


def test_national_top_is_not_claimed_when_a_national_rank_is_missing():
    group, edition = build_edition(national_ranks=(2, None, 14))
    found = release_facts(group, edition)
    assert found.figures.in_national_top is None
    assert "top 10" not in intro(write_release(found, "en"))
    assert "top 10" not in intro(write_release(found, "fr"))


def test_first_places_in_sdg_tables_are_not_claimed_when_a_national_rank_is_missing():
    group, edition = build_edition(sdg_national=(1, None, 1, 2))
    found = release_facts(group, edition)
    assert found.figures.sdg_first_in_country is None
    assert found.figures.sdg_world_top_100 == 1  # world places need no national rank
    text = flat(" ".join(write_release(found, "en").sections[0].paragraphs))
    assert "first place" not in text
    assert "one place in the world top 100 and two more in the top 200." in text


@pytest.mark.parametrize(
    ("language", "lead", "places"),
    [
        (
            "en",
            "Two of them are in the top 10 of French institutions.",
            "Across the SDG tables, GE schools take one place in the world top 100 and two more "
            "in the top 200, as well as two first places and two second places among French "
            "institutions.",
        ),
        (
            "fr",
            "Deux d’entre elles se classent dans le top 10 des établissements français.",
            "Dans l’ensemble des classements par ODD, les écoles du groupe GE obtiennent une "
            "place dans le top 100 mondial et deux autres dans le top 200, ainsi que deux "
            "premières places et deux deuxièmes places parmi les établissements français.",
        ),
    ],
)
def test_release_states_the_group_figures(language, lead, places):
    group, edition = build_edition()
    release = write_release(release_facts(group, edition), language)
    assert lead in intro(release)
    assert places in flat(" ".join(release.sections[0].paragraphs))


def test_a_country_no_larger_than_the_top_10_gets_no_top_10_claim():
    found = facts(
        school("École A", rank="101-200", national_rank=1),
        school("École B", rank="301-400", national_rank=3),
        country_count=8,
    )
    assert found.with_figures().figures.in_national_top is None


def test_all_in_the_top_10_is_said_so():
    found = facts(
        school("École A", rank="101-200", previous="101-200", national_rank=1),
        school("Télécom B", rank="301-400", previous="301-400", national_rank=3),
    ).with_figures()
    assert "Both are in the top 10 of French institutions." in intro(write_release(found, "en"))
    assert "Les deux se classent dans le top 10" in intro(write_release(found, "fr"))


def test_figures_count_each_sdg_place_once():
    one = school(sdgs=(sdg(1, "57", 1), sdg(2, "101-200", 2), sdg(3, "201-300", 3)))
    figures = group_figures((one,), "FR", 18)
    assert (figures.sdg_world_top_100, figures.sdg_world_top_200) == (1, 1)
    assert (figures.sdg_first_in_country, figures.sdg_second_in_country) == (1, 1)
