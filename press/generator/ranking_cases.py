"""What the sentences about any ranking but THE Impact have to say, decided once for both
languages (with `cases`, whose overall movements hold for every ranking)."""

from __future__ import annotations

import enum

from rankings.ranks import Movement

from ..facts import ReleaseFacts, SchoolFacts


def places_moved(school: SchoolFacts) -> int | None:
    """How many places a school rose (positive) or fell (negative) between two exact ranks;
    None when either rank is a band: bands move in bands, not in places."""
    now, before = school.rank, school.previous_rank
    if now is None or before is None or not (now.is_exact and before.is_exact):
        return None
    return before.low - now.low


class National(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    FIRST_TIME = "first-time"  # no national position last edition to compare with


def national_move(school: SchoolFacts) -> National | None:
    """How the school's position in its country moved; None without one this edition."""
    now, before = school.national_rank, school.previous_national_rank
    if now is None or school.rank is None:
        return None
    if before is None or school.movement is Movement.NEW:
        return National.FIRST_TIME
    if now < before:
        return National.UP
    return National.DOWN if now > before else National.SAME


def running_name(name: str) -> str:
    """A table's name inside a sentence: "in computer science", "en informatique". Only a
    capitalised first word is lowered: "IT security" and "Engineering and Technology"'s
    later words stay as the data spells them."""
    first, _, rest = name.partition(" ")
    if first[:1].isupper() and first[1:].islower():
        first = first.lower()
    return f"{first} {rest}" if rest else first


def subject_tables_only(facts: ReleaseFacts) -> bool:
    """The group is in the ranking's subject tables and in no overall table, this edition or
    the last: a ranking by subject, whose release speaks of subjects alone."""
    schools = facts.schools
    overall = any(s.rank is not None or s.previous_rank is not None for s in schools)
    return not overall and any(facts.ranking.subjects_of(s.slug) for s in schools)


def reported(facts: ReleaseFacts) -> tuple[SchoolFacts, ...]:
    """The schools a release has something to say about (a result row with no rank and no
    subject table says nothing)."""
    return tuple(
        s
        for s in facts.schools
        if s.rank is not None or s.previous_rank is not None or facts.ranking.subjects_of(s.slug)
    )
