"""The sentences of a release about any ranking but THE Impact, in English."""

from __future__ import annotations

from rankings.ranks import Rank

from ..facts import ReleaseFacts, SchoolFacts
from ..facts_rankings import SubjectStanding
from ..typography import (
    band,
    capitalised,
    counted,
    country_name,
    institutions_of,
    join,
    number,
    ordinal,
)
from . import cases
from .cases import Overall
from .prose import Wordings, paragraph
from .ranking_cases import (
    National,
    national_move,
    places_moved,
    reported,
    running_name,
    subject_tables_only,
)

LANGUAGE = "en"


def finish(text: str) -> str:
    return text


def place(rank: Rank) -> str:
    """12th, joint 12th, 351–400."""
    if rank.is_exact:
        return f"{'joint ' if rank.tie else ''}{ordinal(rank.low, LANGUAGE)}"
    return band(rank)


def rank_phrase(rank: Rank) -> str:
    """12th place, the 351–400 band."""
    return f"{place(rank)} place" if rank.is_exact else f"the {band(rank)} band"


def _ranking(facts: ReleaseFacts) -> str:
    return f"the {facts.edition.year} {facts.ranking.name(LANGUAGE)}"


def _group(facts: ReleaseFacts) -> str:
    if facts.group_short_name == facts.group_name:
        return facts.group_name
    return f"{facts.group_name} ({facts.group_short_name})"


def _schools_word(facts: ReleaseFacts) -> str:
    # A national ranking of engineering schools evaluates schools, as the office says.
    return "schools" if facts.ranking.national else "institutions"


def title(facts: ReleaseFacts) -> str:
    if len(facts.schools) == 1:
        verb = "stands out in" if cases.stands_out(facts) else "in"
        return f"{facts.group_name} {verb} {_ranking(facts)}"
    verb = "stand out in" if cases.stands_out(facts) else "in"
    return f"{facts.group_name} schools {verb} {_ranking(facts)}"


def _listed(school: SchoolFacts, facts: ReleaseFacts) -> str:
    """ "3rd Télécom Paris (4th in 2019)", as the office lists a national ranking."""
    text = f"{place(school.rank)} {school.name}"
    if facts.previous is None:
        return text
    if school.previous_rank is None:
        return f"{text} (new entry)"
    return f"{text} ({place(school.previous_rank)} in {facts.previous.year})"


def lead(facts: ReleaseFacts) -> str:
    ranked = facts.ranked_schools
    if subject_tables_only(facts):
        n = len(reported(facts))
        schools = "one of its schools" if n == 1 else f"{counted(n, 'of', LANGUAGE)} its schools"
        return (
            f"This year, {_group(facts)} has {schools} in the subject tables of {_ranking(facts)}."
        )
    if not ranked:
        return f"{_group(facts)} has no school in {_ranking(facts)}."
    n = len(ranked)
    schools = "one of its schools" if n == 1 else f"{counted(n, 'of', LANGUAGE)} its schools"
    if facts.ranking.national:
        listed = "; ".join(_listed(s, facts) for s in ranked)
        return f"In {_ranking(facts)}, {_group(facts)} has {schools}: {listed}."
    among = ""
    if (total := facts.edition.country_institutions) and facts.ranked_in_country:
        institutions = institutions_of(facts.country, LANGUAGE)
        among = f", among the {counted(total, institutions, LANGUAGE)} ranked"
    sentences: list[Wordings] = [
        f"This year, {_group(facts)} has {schools} in {_ranking(facts)}{among}."
    ]
    if leaders := facts.country_leaders:
        names = join([s.name for s in leaders], LANGUAGE)
        joint = "joint " if cases.joint_first(facts) else ""
        institutions = institutions_of(facts.country, LANGUAGE)
        verb = "are" if len(leaders) > 1 else "is"
        sentences.append(
            (
                f"{names} {verb} {joint}first among {institutions}.",
                f"Among {institutions}, {names} {verb} {joint}first.",
            )
        )
    if newcomers := facts.newcomers:
        names = join([s.name for s in newcomers], LANGUAGE)
        verb = "joins" if len(newcomers) == 1 else "join"
        sentences.append((f"{names} {verb} the ranking.", f"New in the ranking: {names}."))
    return paragraph(sentences)


def ranking_heading(facts: ReleaseFacts) -> str:
    n = len(facts.ranked_schools)
    if subject_tables_only(facts):
        n = len(reported(facts))
        schools = "school" if n == 1 else "schools"
        return capitalised(
            f"{counted(n, facts.group_short_name, LANGUAGE)} {schools} in the subject tables"
        )
    if n == 0:
        return f"No {facts.group_short_name} school in the overall ranking"
    if n == 1:
        return f"One {facts.group_short_name} school in the ranking"
    return capitalised(f"{counted(n, facts.group_short_name, LANGUAGE)} schools in the ranking")


def size(facts: ReleaseFacts) -> str:
    """ "The 2021 edition ranks 1,526 institutions (1,397 in 2020)." / "167 schools were
    evaluated (160 in 2019).", the office's words for a national ranking."""
    now = facts.edition.institutions_ranked
    if not now:
        return ""
    before = facts.previous.institutions_ranked if facts.previous else None
    compared = f" ({number(before, LANGUAGE)} in {facts.previous.year})" if before else ""
    if facts.ranking.national:
        return f"{capitalised(counted(now, 'schools', LANGUAGE))} were evaluated{compared}."
    return (
        f"The {facts.edition.year} edition ranks "
        f"{counted(now, _schools_word(facts), LANGUAGE)}{compared}."
    )


def _places(n: int) -> str:
    return counted(n, "place" if n == 1 else "places", LANGUAGE)


def overall(school: SchoolFacts, facts: ReleaseFacts) -> str:
    now, before, name = school.rank, school.previous_rank, school.name
    year = facts.edition.year
    previous_year = facts.previous.year if facts.previous else None
    moved = places_moved(school)
    match cases.overall(school, facts):
        case Overall.UP if moved:
            return f"{name} moves up {_places(moved)} to {place(now)} ({place(before)} in {previous_year})."
        case Overall.DOWN if moved:
            return (
                f"{name} moves down {_places(-moved)} to {place(now)} "
                f"({place(before)} in {previous_year})."
            )
        case Overall.UP:
            return (
                f"{name} moves up from {rank_phrase(before)} in {previous_year} "
                f"to {rank_phrase(now)} in {year}."
            )
        case Overall.DOWN:
            return (
                f"{name} moves from {rank_phrase(before)} in {previous_year} "
                f"to {rank_phrase(now)} in {year}."
            )
        case Overall.KEPT if now.is_exact:
            return f"{name} keeps its {place(now)} place."
        case Overall.KEPT:
            world = "" if facts.ranking.national else "world "
            top = f", in the {world}top {number(now.high, LANGUAGE)}" if now.high else ""
            return f"{name} keeps its place in {rank_phrase(now)}{top}."
        case Overall.OVERLAP:
            return f"{name} is in {rank_phrase(now)} in {year}, after {rank_phrase(before)} in {previous_year}."
        case Overall.NEW:
            return f"{name} enters the ranking in {rank_phrase(now)}."
        case Overall.RANKED:
            return f"{name} is ranked {place(now) if now.is_exact else 'in ' + rank_phrase(now)}."
        case Overall.LEFT | Overall.LEFT_OVERALL_ONLY if school.listed:
            return f"{name} has no overall rank in {year} ({place(before)} in {previous_year})."
        case Overall.LEFT | Overall.LEFT_OVERALL_ONLY:
            return f"{name}, {place(before)} in {previous_year}, is not in the {year} ranking."
    return f"{name} has no overall rank in {year} but appears in subject tables."


def _in_country(country: str) -> str:
    name = country_name(country, LANGUAGE)
    the = "the " if name.startswith(("United ", "Netherlands")) else ""
    return f"in {the}{name}"


def national(school: SchoolFacts, facts: ReleaseFacts) -> Wordings:
    """ "It is 10th in France, up from 12th." """
    case = national_move(school)
    if case is None:
        return ""
    joint = "joint " if school.national_rank_shared else ""
    now = f"{joint}{'first' if school.national_rank == 1 else ordinal(school.national_rank, LANGUAGE)}"
    where = _in_country(school.country)
    before = school.previous_national_rank
    match case:
        case National.UP:
            text = f"is {now} {where}, up from {ordinal(before, LANGUAGE)}"
        case National.DOWN:
            text = f"is {now} {where}, down from {ordinal(before, LANGUAGE)}"
        case National.SAME:
            text = f"is {now} {where}, as in {facts.previous.year}"
        case _:
            text = f"is {now} {where}"
    return (f"It {text}.", f"The school {text}.")


def _subject(standing: SubjectStanding) -> str:
    """ "151–175 in computer science, of 827 ranked" """
    text = f"{place(standing.rank)} in {running_name(standing.name(LANGUAGE))}"
    return f"{text}, of {number(standing.size, LANGUAGE)} ranked" if standing.size else text


def subjects(standings: tuple[SubjectStanding, ...], name: str = "") -> Wordings:
    """ "In the subject tables, it is 151–175 in computer science, of 827 ranked; …": the
    school's name instead of "it" when the sentence opens its paragraph."""
    if not standings:
        return ""
    tables = "subject table" if len(standings) == 1 else "subject tables"
    items = [_subject(s) for s in standings]
    # "…, of 827 ranked and 201–250 in …" would read as one table: sizes call for semicolons.
    listed = "; ".join(items) if any(s.size for s in standings) else join(items, LANGUAGE)
    if name:
        return (f"In the {tables}, {name} is {listed}.", f"{name} is {listed} in the {tables}.")
    return (f"In the {tables}, it is {listed}.", f"The school is {listed} in the {tables}.")
