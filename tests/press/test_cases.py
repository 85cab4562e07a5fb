"""What each sentence has to say, decided once for both languages."""

import pytest

from press.generator import cases
from press.generator.cases import First, Newcomers, Overall, Size

from .conftest import facts, school, sdg


@pytest.mark.parametrize(
    ("one", "expected"),
    [
        (school(rank="101-200", previous="301-400"), Overall.UP),
        (school(rank="401-600", previous="301-400"), Overall.DOWN),
        (school(rank="301-400", previous="301-400"), Overall.KEPT),
        (school(rank="=57", previous="57"), Overall.KEPT),
        (school(rank="101-200", previous="150"), Overall.OVERLAP),
        (school(rank="1001+"), Overall.NEW),
        (school(previous="601-800", listed=False), Overall.LEFT),
        (school(previous="601-800", sdgs=(sdg(5, "201-300"),)), Overall.LEFT_OVERALL_ONLY),
        (school(sdgs=(sdg(5, "201-300"),)), Overall.SDG_TABLES_ONLY),
    ],
)
def test_overall_case(one, expected):
    assert cases.overall(one, facts(one)) is expected


def test_without_an_earlier_edition_a_rank_is_no_movement():
    one = school(rank="301-400")
    assert cases.overall(one, facts(one, size=(None, 776))) is Overall.RANKED


@pytest.mark.parametrize(
    ("one", "expected"),
    [
        (school(rank="101-200", previous="101-200", previous_national_rank=1), First.REMAINS),
        (
            school(rank="101-200", previous="301-400", previous_national_rank=4),
            First.TOOK_THE_LEAD_BY_RISING,
        ),
        (school(rank="301-400", previous="301-400", previous_national_rank=2), First.TOOK_THE_LEAD),
        (school(rank="301-400"), First.IS),
        (school(rank="301-400", previous="301-400", national_rank=1), First.IS),
        (school(rank="201-300", previous="301-400", national_rank=1), First.IS),
    ],
)
def test_how_a_school_came_first_in_its_country(one, expected):
    assert cases.first_in_country(one) is expected


@pytest.mark.parametrize(
    ("schools", "expected"),
    [
        ((school("A", rank="101-200", previous="101-200"),), Newcomers.NONE),
        ((school("A", rank="101-200"),), Newcomers.NUMBERED),
        ((school("A", rank="101-200"), school("B", previous="57", listed=False)), Newcomers.ONE),
        ((school("A", rank="101-200"), school("B", rank="57")), Newcomers.SEVERAL),
    ],
)
def test_newcomers_case(schools, expected):
    assert cases.newcomers(facts(*schools)) is expected


def test_without_an_earlier_edition_nobody_is_a_newcomer():
    schools = (school("A", rank="101-200"), school("B", rank="57"))
    assert cases.newcomers(facts(*schools, size=(None, 776))) is Newcomers.NONE


@pytest.mark.parametrize(
    ("size", "one", "expected"),
    [
        ((776, None), school(rank="57", previous="57"), Size.UNKNOWN),
        ((None, 1115), school(rank="57"), Size.FIRST_EDITION),
        ((776, 1115), school(rank="57", previous="60"), Size.GREW_AND_ALL_HELD),
        ((776, 1115), school(rank="70", previous="60"), Size.GREW),
        ((1115, 776), school(rank="57", previous="60"), Size.SHRANK),
        ((776, 776), school(rank="57", previous="60"), Size.UNCHANGED),
    ],
)
def test_edition_size_case(size, one, expected):
    assert cases.size(facts(one, size=size)) is expected


def test_growth_is_significant_from_a_fifth_more_institutions():
    one = school(rank="57", previous="57")
    assert cases.grew_significantly(facts(one, size=(1000, 1200)))
    assert not cases.grew_significantly(facts(one, size=(1000, 1199)))


def test_joint_first_counts_ties_inside_and_outside_the_group():
    alone = school("A", rank="57", national_rank=1)
    assert not cases.joint_first(facts(alone))
    assert cases.joint_first(
        facts(school("A", rank="=57", national_rank=1, national_rank_shared=True))
    )
    assert cases.joint_first(facts(alone, school("B", rank="57", national_rank=1)))


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [((1, 2, 3, 17), False), ((1, 2, 3, 4), True), ((1, 2, 17), True), ((), True)],
)
def test_the_sdg_17_rule_explains_a_missing_overall_rank_only_when_it_applies(numbers, expected):
    one = school(previous="601-800", sdgs=tuple(sdg(n, "401-600") for n in numbers))
    assert cases.explains_overall_requirement(one) is expected


def test_country_total_is_left_out_when_the_national_rank_exceeds_it():
    one = school(rank="801-1000", national_rank=19)
    assert cases.country_total(one, facts(one, country_count=18)) is None
    assert cases.country_total(one, facts(one, country_count=19)) == 19
