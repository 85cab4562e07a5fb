"""Invariants held by the database itself: imports and bulk updates bypass forms."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import override

from rankings.models import SDG, Edition, EditionCountry, Result, SDGResult
from rankings.ranks import Rank
from tests.factories import (
    EditionCountryFactory,
    EditionFactory,
    RankingFactory,
    ResultFactory,
    SchoolFactory,
    SDGResultFactory,
)

pytestmark = pytest.mark.django_db


def violates(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_the_17_sdgs_exist_with_names_in_both_languages_and_un_colours():
    sdgs = list(SDG.objects.all())
    assert [s.number for s in sdgs] == list(range(1, 18))
    assert all(s.name_en and s.name_fr and s.colour.startswith("#") for s in sdgs)
    eleven = SDG.objects.get(number=11)
    assert eleven.name_en == "Sustainable cities and communities"
    assert eleven.name_fr == "Villes et communautés durables"
    assert eleven.colour == "#FD9D24"


def test_sdg_number_is_1_to_17():
    violates(lambda: SDG.objects.create(number=18, name="x", colour="#000000"))
    violates(lambda: SDG.objects.create(number=0, name="x", colour="#000000"))


def test_sdg_colour_is_a_hex_colour():
    violates(lambda: SDG.objects.filter(number=1).update(colour="red"))


def test_one_result_per_edition_and_school():
    result = ResultFactory()
    violates(lambda: Result.objects.create(edition=result.edition, school=result.school))


def test_one_sdg_result_per_result_and_sdg():
    sdg_result = SDGResultFactory()
    violates(
        lambda: SDGResult.objects.create(result=sdg_result.result, sdg=sdg_result.sdg, rank="57")
    )


@pytest.mark.parametrize("number", [0, 18])
def test_an_sdg_result_names_one_of_the_17_goals(number):
    # A CHECK, not a foreign key (migration 0012 of rankings): the same rule, without a
    # lookup per row at commit.
    sdg_result = SDGResultFactory()
    violates(lambda: SDGResult.objects.filter(pk=sdg_result.pk).update(sdg_id=number))


def test_a_goal_with_results_cannot_be_deleted():
    sdg_result = SDGResultFactory()
    with pytest.raises(ProtectedError):
        sdg_result.sdg.delete()
    assert SDG.objects.count() == 17


@pytest.mark.parametrize(
    "columns",
    [
        {"rank_low": 0, "rank_high": 0},
        {"rank_low": 200, "rank_high": 101},
        {"rank_low": None, "rank_high": 200},
        {"rank_low": 101, "rank_high": 200, "rank_tie": True},
        {"rank_low": 1001, "rank_high": None, "rank_tie": True},
    ],
)
def test_rank_bounds_are_positive_and_ordered(columns):
    result = ResultFactory()
    violates(lambda: Result.objects.filter(pk=result.pk).update(**columns))
    sdg_result = SDGResultFactory()
    violates(lambda: SDGResult.objects.filter(pk=sdg_result.pk).update(**columns))


def test_national_rank_is_positive():
    result = ResultFactory()
    violates(lambda: Result.objects.filter(pk=result.pk).update(national_rank=0))


@pytest.mark.parametrize(
    "scores", [{"score_low": 101}, {"score_low": 80, "score_high": 70}, {"score_high": 50}]
)
def test_score_is_a_range_within_0_and_100(scores):
    result = ResultFactory()
    violates(lambda: Result.objects.filter(pk=result.pk).update(**scores))


def test_sdg_result_needs_a_rank():
    result = ResultFactory()
    violates(lambda: SDGResult.objects.create(result=result, sdg_id=3, rank_low=None))


@pytest.mark.parametrize("year", [1999, 2101])
def test_edition_year_is_plausible(year):
    ranking = RankingFactory()
    violates(lambda: Edition.objects.create(ranking=ranking, year=year))


def test_one_edition_per_ranking_and_year():
    edition = EditionFactory(year=2021)
    violates(lambda: Edition.objects.create(ranking=edition.ranking, year=2021))


def test_one_count_per_edition_and_country():
    edition = EditionFactory()
    EditionCountry.objects.create(edition=edition, country="FR", institutions_ranked=18)
    violates(
        lambda: EditionCountry.objects.create(edition=edition, country="FR", institutions_ranked=3)
    )


def test_rank_round_trips_through_the_three_columns():
    for text in ["57", "=57", "101–200", "1001+"]:
        result = ResultFactory(rank=text)
        result.refresh_from_db()
        assert str(result.rank) == text
    result = ResultFactory(rank=None)
    result.refresh_from_db()
    assert result.rank is None


def test_results_sort_by_rank_in_the_database_with_unranked_last():
    edition = EditionFactory()
    for text in ["1001+", "=3", None, "101-200", "57", "801-1000"]:
        ResultFactory(edition=edition, rank=text)
    shown = [str(r.rank) if r.rank else None for r in Result.objects.for_edition(edition).by_rank()]
    assert shown == ["=3", "57", "101–200", "801–1000", "1001+", None]


def test_results_filter_on_rank_in_the_database():
    edition = EditionFactory()
    for text in ["57", "101-200", "201-300", "1001+"]:
        ResultFactory(edition=edition, rank=text)
    top_200 = Result.objects.for_edition(edition).filter(rank_high__lte=200)
    assert sorted(str(r.rank) for r in top_200) == ["101–200", "57"]


def test_sdg_count_is_the_number_of_sdg_results():
    result = ResultFactory()
    for number in (3, 11, 17):
        SDGResultFactory(result=result, sdg_id=number)
    assert Result.objects.with_sdg_count().get(pk=result.pk).sdg_count == 3


def test_result_querysets_filter_by_country_and_group():
    edition = EditionFactory()
    member = SchoolFactory(member=True)
    ResultFactory(edition=edition, school=member)
    ResultFactory(edition=edition, school=SchoolFactory(country="DE"))
    assert Result.objects.for_edition(edition).in_country("FR").count() == 1
    assert Result.objects.in_group(member.group).get().school == member
    assert Result.objects.for_edition(edition).ranked().count() == 2


def test_score_display_shows_a_range():
    result = ResultFactory(score_low="72.3", score_high="77.5")
    assert result.score_display == "72.3–77.5"


def test_previous_edition():
    ranking = RankingFactory()
    e2020 = EditionFactory(ranking=ranking, year=2020)
    e2021 = EditionFactory(ranking=ranking, year=2021)
    assert e2021.previous() == e2020
    assert e2020.previous() is None


def test_rank_setter_accepts_a_rank_object():
    result = ResultFactory(rank=Rank(301, 400))
    assert (result.rank_low, result.rank_high, result.rank_tie) == (301, 400, False)


def test_the_names_the_admin_shows_follow_the_editor_s_language():
    result = ResultFactory(rank=None, school__name="IMT Atlantique", edition__year=2021)
    sdg_result = SDGResultFactory(result=result, sdg=SDG.objects.get(number=3), rank="101-200")
    per_country = EditionCountryFactory(
        edition=result.edition, country="FR", institutions_ranked=18
    )

    with override("fr"):
        assert str(result) == "IMT Atlantique dans THE Impact Rankings 2021\u00a0: sans rang global"
        assert str(sdg_result) == "ODD 3: 101–200"
        assert str(SDG.objects.get(number=3)).startswith("ODD 3: ")
        assert str(per_country) == "THE Impact Rankings 2021\u00a0: France, 18"
    with override("en"):
        assert str(result) == "IMT Atlantique in THE Impact Rankings 2021: no overall rank"
        assert str(sdg_result) == "SDG 3: 101–200"
        assert str(per_country) == "THE Impact Rankings 2021: 18 in France"
