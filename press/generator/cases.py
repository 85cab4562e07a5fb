"""What each sentence has to say, decided once from the facts for every language.

The language modules only phrase these cases, so English and French cannot disagree on
whether a school rose, took the lead or left.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rankings.ranks import Movement, Rank

from ..facts import ReleaseFacts, SchoolFacts, SDGStanding

# The ranking grew "significantly" (the reference's word) from a fifth more institutions.
SIGNIFICANT_GROWTH = 1.2
# One or two SDGs in a bracket are named; more are only counted.
NAMED_AT_MOST = 2
# THE ranks a school overall only with data on SDG 17 and at least three other SDGs.
OTHER_SDGS_FOR_OVERALL = 3
# A rise is "sharp" from two bands up (301–400 to 101–200): one band is the ordinary step.
SHARP_RISE_BANDS = 2


class Overall(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    KEPT = "kept"  # the same position (a tie =57 is the same position as 57)
    OVERLAP = "overlap"  # 150th, then 101–200: neither a rise nor a fall
    NEW = "new"
    LEFT = "left"
    LEFT_OVERALL_ONLY = "left-overall-only"  # out of the overall table, still in SDG tables
    SDG_TABLES_ONLY = "sdg-tables-only"
    RANKED = "ranked"  # no earlier edition in the data: nothing to compare the rank with


def overall(school: SchoolFacts, facts: ReleaseFacts) -> Overall:
    if facts.previous is None:
        return Overall.RANKED if school.rank is not None else Overall.SDG_TABLES_ONLY
    match school.movement:
        case Movement.UP:
            return Overall.UP
        case Movement.DOWN:
            return Overall.DOWN
        case Movement.SAME:
            return Overall.KEPT if school.rank == school.previous_rank else Overall.OVERLAP
        case Movement.NEW:
            return Overall.NEW
        case Movement.LEFT:
            return Overall.LEFT_OVERALL_ONLY if school.sdgs else Overall.LEFT
    return Overall.SDG_TABLES_ONLY


def bands_climbed(before: Rank | None, now: Rank | None) -> int:
    """How many bands a school rose between two banded ranks: 1 from 201–300 to 101–200,
    2 from 301–400 to 101–200 (a whole band, 201–300, lies between). 0 when it did not rise
    or either rank is exact: exact places are compared in places, not bands."""
    if before is None or now is None or not (before.is_band and now.is_band):
        return 0
    if now.high is None or now.high >= before.low:
        return 0
    between = before.low - now.high - 1
    return 1 + between // (now.high - now.low + 1)


def sharp_rise(school: SchoolFacts) -> bool:
    return bands_climbed(school.previous_rank, school.rank) >= SHARP_RISE_BANDS


class First(enum.StrEnum):
    """How a school first in its country got there."""

    REMAINS = "remains"
    TOOK_THE_LEAD_BY_RISING = "rose"
    TOOK_THE_LEAD = "took"
    IS = "is"  # no previous overall rank to compare with


def first_in_country(school: SchoolFacts) -> First:
    if school.previous_national_rank == 1:
        return First.REMAINS
    # Without last year's national rank nobody can say the school was not already first.
    if school.previous_rank is None or school.previous_national_rank is None:
        return First.IS
    if school.movement is Movement.UP:
        return First.TOOK_THE_LEAD_BY_RISING
    return First.TOOK_THE_LEAD


def leaders_first(leaders: tuple[SchoolFacts, ...]) -> First:
    """How the group's school(s) first in the country got there, said once for all of them."""
    found = {first_in_country(s) for s in leaders}
    return found.pop() if len(found) == 1 else First.IS


def joint_first(facts: ReleaseFacts) -> bool:
    """The lead shares first place, between the group's schools or with another institution."""
    leaders = facts.country_leaders
    return len(leaders) > 1 or any(s.national_rank_shared for s in leaders)


def first_in_category(school: SchoolFacts) -> bool:
    """First, alone, among its country's institutions of its category ("first among French
    business schools"), when that adds to the national rank: not when first in the country."""
    return (
        school.category_rank == 1
        and not school.category_rank_shared
        and school.national_rank != 1
        and school.rank is not None
    )


def country_total(school: SchoolFacts, facts: ReleaseFacts) -> int | None:
    """How many institutions of the school's country are ranked, when the facts say and the
    count can hold the school's national rank ("17th of the 16" is a data gap, not news)."""
    if school.country != facts.country:
        return None
    total = facts.edition.country_institutions
    if total and school.national_rank and school.national_rank > total:
        return None
    return total


def explains_overall_requirement(school: SchoolFacts) -> bool:
    """An overall rank needs SDG 17 and at least three other SDGs: say so only when the
    school's SDG tables show that is why it has none."""
    numbers = {s.number for s in school.sdgs}
    return 17 not in numbers or len(numbers - {17}) < OTHER_SDGS_FOR_OVERALL


class Newcomers(enum.StrEnum):
    NONE = "none"
    NUMBERED = "numbered"  # the only newcomer, and nobody left: "the 4th school to join"
    ONE = "one"
    SEVERAL = "several"


def newcomers(facts: ReleaseFacts) -> Newcomers:
    found = facts.newcomers
    if not found:
        return Newcomers.NONE
    if len(found) > 1:
        return Newcomers.SEVERAL
    return Newcomers.ONE if facts.leavers else Newcomers.NUMBERED


class Size(enum.StrEnum):
    UNKNOWN = "unknown"
    FIRST_EDITION = "first-edition"  # or no previous size to compare with
    GREW_AND_ALL_HELD = "grew-and-all-held"
    GREW = "grew"
    SHRANK = "shrank"
    UNCHANGED = "unchanged"


def _none_fell(facts: ReleaseFacts) -> bool:
    """Some school rose or held its position, and none fell or left."""
    movements = {s.movement for s in facts.schools}
    held = bool(movements & {Movement.UP, Movement.SAME})
    return held and not movements & {Movement.DOWN, Movement.LEFT}


def size(facts: ReleaseFacts) -> Size:
    now = facts.edition.institutions_ranked
    before = facts.previous.institutions_ranked if facts.previous else None
    if not now:
        return Size.UNKNOWN
    if not before:
        return Size.FIRST_EDITION
    if now > before:
        return Size.GREW_AND_ALL_HELD if _none_fell(facts) else Size.GREW
    return Size.SHRANK if now < before else Size.UNCHANGED


def grew(facts: ReleaseFacts) -> bool:
    return size(facts) in (Size.GREW, Size.GREW_AND_ALL_HELD)


def grew_significantly(facts: ReleaseFacts) -> bool:
    previous = facts.previous
    return grew(facts) and (
        facts.edition.institutions_ranked >= SIGNIFICANT_GROWTH * previous.institutions_ranked
    )


def stands_out(facts: ReleaseFacts) -> bool:
    return bool(facts.country_leaders) or any(s.movement is Movement.UP for s in facts.schools)


@dataclass(frozen=True)
class Bracket:
    """SDGs in one world-top bracket; `first` for the bracket the sentence opens with."""

    top: int
    standings: tuple[SDGStanding, ...]
    first: bool
    last: bool

    @property
    def named(self) -> bool:
        return len(self.standings) <= NAMED_AT_MOST


def brackets(school: SchoolFacts) -> list[Bracket]:
    found = [(top, s) for top, s in school.sdgs_by_bracket().items() if s]
    return [
        Bracket(top, standings, first=i == 0, last=i == len(found) - 1)
        for i, (top, standings) in enumerate(found)
    ]
