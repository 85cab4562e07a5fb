"""The release's sentences in English. What to say is decided in `cases`."""

from __future__ import annotations

from rankings.ranks import Rank

from ..facts import NATIONAL_TOP, SDG_COUNT, ReleaseFacts, SchoolFacts, SDGStanding
from ..typography import (
    NBSP,
    band,
    capitalised,
    counted,
    institutions_of,
    institutions_of_category,
    join,
    number,
    ordinal,
    quote,
    small_number,
)
from . import cases
from .cases import First, Newcomers, Overall, Size
from .prose import Wordings, paragraph

LANGUAGE = "en"


def finish(text: str) -> str:
    return text


def plural(n: int, singular: str) -> str:
    return counted(n, singular if n == 1 else singular + "s", LANGUAGE)


def rank_phrase(rank: Rank) -> str:
    """57th place, joint 57th place, the 101–200 band, the 1001+ band."""
    if rank.is_exact:
        return f"{'joint ' if rank.tie else ''}{ordinal(rank.low, LANGUAGE)} place"
    return f"the {band(rank)} band"


def in_rank(rank: Rank) -> str:
    return f"in {rank_phrase(rank)}"


def sdg_label(standing: SDGStanding) -> str:
    # A no-break space keeps "SDG 7" on one line.
    name = quote(standing.name(LANGUAGE), LANGUAGE)
    return f"SDG{NBSP}{standing.number} {name} ({position(standing)})"


def position(standing: SDGStanding) -> str:
    """78, or "35th of 1,180" when the table's size is known; a band as it is."""
    rank, size = standing.rank, standing.table_size
    if rank.is_exact and size:
        joint = "joint " if rank.tie else ""
        return f"{joint}{ordinal(rank.low, LANGUAGE)} of {number(size, LANGUAGE)}"
    return band(rank)


def sdg_by_sdg_heading(facts: ReleaseFacts) -> str:
    return f"{facts.group_short_name} schools SDG by SDG"


def sdg_table(standing: SDGStanding, schools: tuple[tuple[SchoolFacts, SDGStanding], ...]) -> str:
    """ "SDG 4 “Quality education” (1,180 institutions ranked): School A (35th), School B (101–200)." """
    name = quote(standing.name(LANGUAGE), LANGUAGE)
    size = (
        f" ({counted(standing.table_size, 'institutions', LANGUAGE)} ranked)"
        if standing.table_size
        else ""
    )
    listed = join([f"{school.name} ({_place(s.rank)})" for school, s in schools], LANGUAGE)
    return f"SDG{NBSP}{standing.number} {name}{size}: {listed}."


def _place(rank: Rank) -> str:
    if rank.is_exact:
        return f"{'joint ' if rank.tie else ''}{ordinal(rank.low, LANGUAGE)}"
    return band(rank)


def _named(standings: tuple[SDGStanding, ...]) -> str:
    return join([sdg_label(s) for s in standings], LANGUAGE)


def _group(facts: ReleaseFacts) -> str:
    if facts.group_short_name == facts.group_name:
        return facts.group_name
    return f"{facts.group_name} ({facts.group_short_name})"


def title(facts: ReleaseFacts) -> str:
    ranking = f"the {facts.edition.year} {facts.ranking_name}"
    if len(facts.schools) == 1:  # a group of one school: the group itself is the subject
        verb = "stands out in" if cases.stands_out(facts) else "in"
        return f"{facts.group_name} {verb} {ranking}"
    verb = "stand out in" if cases.stands_out(facts) else "in"
    return f"{facts.group_name} schools {verb} {ranking}"


def _leaders(facts: ReleaseFacts) -> str:
    """The sentence naming the group's school(s) first in the country, or ""."""
    leaders = facts.country_leaders
    if not leaders:
        return ""
    institutions = institutions_of(facts.country, LANGUAGE)
    names = join([s.name for s in leaders], LANGUAGE)
    case = cases.leaders_first(leaders)
    if cases.joint_first(facts):
        several = len(leaders) > 1
        if case is First.REMAINS:
            verb = "remain" if several else "remains"
        else:
            verb = "are" if several else "is"
        return f"{names} {verb} joint first among {institutions}."
    match case:
        case First.REMAINS:
            return f"{names} remains first among {institutions}."
        case First.TOOK_THE_LEAD | First.TOOK_THE_LEAD_BY_RISING:
            return f"{names} has taken the lead among {institutions}."
    return f"{names} is first among {institutions}."


def lead(facts: ReleaseFacts) -> str:
    if not facts.ranked_schools:
        return f"{_group(facts)} has no school in the {facts.edition.year} overall ranking."
    institutions = institutions_of(facts.country, LANGUAGE)
    n = len(facts.ranked_in_country)
    schools = "one of its schools" if n == 1 else f"{counted(n, 'of', LANGUAGE)} its schools"
    total = facts.edition.country_institutions
    among = f"the {counted(total, institutions, LANGUAGE)}" if total else f"the {institutions}"
    sentences = [f"This year, {_group(facts)} has {schools} among {among} ranked."]
    sentences.append(national_top(facts))
    sentences.append(_leaders(facts))

    newcomers = facts.newcomers
    match cases.newcomers(facts):
        case Newcomers.NUMBERED if len(facts.ranked_schools) > 1:
            # "The 1st school in the group to join" says nothing the paragraph does not.
            position = ordinal(len(facts.ranked_schools), LANGUAGE)
            sentences.append(
                (
                    f"{newcomers[0].name} is the {position} school in the group to join the ranking.",
                    _with_entry(facts),
                )
            )
        case Newcomers.ONE:
            sentences.append((f"{newcomers[0].name} joins the ranking.", _with_entry(facts)))
        case Newcomers.SEVERAL:
            names = join([s.name for s in newcomers], LANGUAGE)
            sentences.append((f"{names} join the ranking.", _with_entry(facts)))
    return paragraph(sentences)


def _with_entry(facts: ReleaseFacts) -> str:
    """ "With the entry of X, six IMT schools are in the overall ranking." """
    names = join([s.name for s in facts.newcomers], LANGUAGE)
    n = len(facts.ranked_schools)
    schools = counted(n, f"{facts.group_short_name} school" + ("s" if n > 1 else ""), LANGUAGE)
    verb = "is" if n == 1 else "are"
    return f"With the entry of {names}, {schools} {verb} in the overall ranking."


def national_top(facts: ReleaseFacts) -> str:
    """ "Three of them are in the top 10 of French institutions." """
    figures = facts.figures
    if figures is None or not figures.in_national_top or figures.ranked_in_country < 2:
        return ""
    n, top = figures.in_national_top, NATIONAL_TOP
    institutions = institutions_of(facts.country, LANGUAGE)
    if n == figures.ranked_in_country:
        who = "Both" if n == 2 else f"All {small_number(n, LANGUAGE)}"
        return f"{who} are in the top {top} of {institutions}."
    verb = "is" if n == 1 else "are"
    return f"{capitalised(small_number(n, LANGUAGE))} of them {verb} in the top {top} of {institutions}."


def sdg_places(facts: ReleaseFacts) -> str:
    """Across the subject tables, the places the group's schools take together."""
    figures = facts.figures
    if figures is None or figures.schools_in_sdg_tables < 2:
        return ""
    world = []
    if figures.sdg_world_top_100:
        world.append(f"{plural(figures.sdg_world_top_100, 'place')} in the world top 100")
    if figures.sdg_world_top_200:
        more = "more" if world else ("place" if figures.sdg_world_top_200 == 1 else "places")
        top = "top 200" if world else "world top 200"
        world.append(f"{counted(figures.sdg_world_top_200, more, LANGUAGE)} in the {top}")
    national = []
    if figures.sdg_first_in_country:
        national.append(plural(figures.sdg_first_in_country, "first place"))
    if figures.sdg_second_in_country:
        national.append(plural(figures.sdg_second_in_country, "second place"))
    if not world and not national:
        return ""
    parts = [join(world, LANGUAGE)] if world else []
    if national:
        institutions = institutions_of(facts.country, LANGUAGE)
        among = f"{join(national, LANGUAGE)} among {institutions}"
        parts.append(f"as well as {among}" if world else among)
    return f"Across the SDG tables, {facts.group_short_name} schools take {', '.join(parts)}."


def measures_default() -> str:
    return (
        "This ranking measures the contribution of higher education and research "
        f"institutions to the {SDG_COUNT} Sustainable Development Goals (SDGs) set out by the UN."
    )


def ranking_heading(facts: ReleaseFacts) -> str:
    n = len(facts.ranked_schools)
    if n == 0:
        if any(s.listed for s in facts.schools):
            return f"{facts.group_short_name} in the SDG tables"
        return f"No {facts.group_short_name} school in the ranking"
    if n == 1:
        return f"One {facts.group_short_name} school in the ranking"
    return capitalised(f"{counted(n, facts.group_short_name, LANGUAGE)} schools in the ranking")


def edition_size(facts: ReleaseFacts) -> str:
    current, previous = facts.edition, facts.previous
    case = cases.size(facts)
    if case is Size.UNKNOWN:
        return ""
    now = number(current.institutions_ranked, LANGUAGE)
    if case is Size.FIRST_EDITION:
        return f"The {current.year} edition ranks {now}{NBSP}institutions."
    before = number(previous.institutions_ranked, LANGUAGE)
    figures = f"({before} in {previous.year} and {now} in {current.year})"
    match case:
        case Size.GREW_AND_ALL_HELD:
            how = " significantly" if cases.grew_significantly(facts) else ""
            return (
                f"{facts.group_short_name} schools have improved or maintained their position "
                f"in the {current.year} edition, even though the number of institutions ranked "
                f"has increased{how} {figures}."
            )
        case Size.GREW:
            return f"The number of institutions ranked has increased {figures}."
        case Size.SHRANK:
            return f"The number of institutions ranked has decreased {figures}."
    return f"The number of institutions ranked is unchanged {figures}."


def overall(school: SchoolFacts, facts: ReleaseFacts) -> str:
    now, before, name = school.rank, school.previous_rank, school.name
    year = facts.edition.year
    previous_year = facts.previous.year if facts.previous else None
    match cases.overall(school, facts):
        case Overall.UP if cases.sharp_rise(school):
            return (
                f"{name} has moved up sharply in the overall ranking, from {rank_phrase(before)} "
                f"in {previous_year} to {rank_phrase(now)} in {year}."
            )
        case Overall.UP:
            return (
                f"{name} has moved up from {rank_phrase(before)} in {previous_year} "
                f"to {rank_phrase(now)} in {year} in the overall ranking."
            )
        case Overall.DOWN:
            return (
                f"{name} has moved down from {rank_phrase(before)} in {previous_year} "
                f"to {rank_phrase(now)} in {year} in the overall ranking."
            )
        case Overall.KEPT:
            top = f" (world top {now.high})" if now.is_band and now.high else ""
            despite = ", despite the larger number of institutions ranked"
            return (
                f"{name} has kept its position in the overall ranking, "
                f"{in_rank(now)}{top}{despite if cases.grew(facts) else ''}."
            )
        case Overall.OVERLAP:
            return (
                f"{name} is {in_rank(now)} in the overall ranking in {year}, "
                f"after {rank_phrase(before)} in {previous_year}."
            )
        case Overall.NEW:
            return f"{name} has entered the overall ranking {in_rank(now)}."
        case Overall.RANKED:
            return f"{name} is {in_rank(now)} in the {year} overall ranking."
        case Overall.LEFT | Overall.LEFT_OVERALL_ONLY as case:
            text = f"{name}, {in_rank(before)} in {previous_year}, is not in the {year} overall ranking."
            if case is Overall.LEFT_OVERALL_ONLY:
                still = "still appears in SDG tables"
                if cases.explains_overall_requirement(school):
                    still += (
                        ": an overall rank requires data on SDG 17 and at least three other SDGs"
                    )
                text = paragraph([text, (f"It {still}.", f"The school {still}.")])
            return text
    return f"{name} has no overall rank in {year} but appears in SDG tables."


def _or_the_school(sentence: str) -> Wordings:
    """ "It is …", or "The school is …" after a sentence that opened with "It"."""
    if sentence.startswith("It "):
        return (sentence, "The school " + sentence[3:])
    return sentence


def national(school: SchoolFacts, facts: ReleaseFacts) -> Wordings:
    return _or_the_school(_national(school, facts))


def _national(school: SchoolFacts, facts: ReleaseFacts) -> str:
    if school.national_rank is None or school.rank is None:
        return ""
    institutions = institutions_of(school.country, LANGUAGE)
    joint = "joint " if school.national_rank_shared else ""
    if school.national_rank == 1 and joint:
        if cases.first_in_country(school) is First.REMAINS:
            return f"It remains joint first among {institutions}."
        return f"It is joint first among {institutions}."
    if school.national_rank == 1:
        match cases.first_in_country(school):
            case First.REMAINS:
                return f"It remains first among {institutions}."
            case First.TOOK_THE_LEAD_BY_RISING:
                return f"It is thus ranked first among {institutions}."
            case First.TOOK_THE_LEAD:
                return f"It is now first among {institutions}."
        return f"It is first among {institutions}."
    position = joint + ordinal(school.national_rank, LANGUAGE)
    if total := cases.country_total(school, facts):
        return f"It is {position} among the {counted(total, institutions, LANGUAGE)} ranked."
    return f"It is {position} among {institutions}."


def category(school: SchoolFacts) -> Wordings:
    """ "It is first among French business schools." """
    peers = institutions_of_category(school.country, school.category, LANGUAGE)
    if not peers or not cases.first_in_category(school):
        return ""
    return (f"It is first among {peers}.", f"The school is first among {peers}.")


def _of_them(n: int, total: int) -> str:
    if n == total:
        return "both of them" if n == 2 else "all of them"
    return f"{counted(n, 'of', LANGUAGE)} them"


def sdgs(school: SchoolFacts) -> Wordings:
    """How many SDG tables the school is in and how high, in one sentence: the count and the
    world-top brackets are one fact ("ranked in 16 SDGs, in the top 200 in seven of them")."""
    n = school.sdg_count
    if n == 0:
        return ""
    total = counted(SDG_COUNT, "SDGs", LANGUAGE)
    ranked = f"in all {total}" if n == SDG_COUNT else f"in {counted(n, 'of', LANGUAGE)} the {total}"
    found = cases.brackets(school)
    if not found:
        return (f"It is ranked {ranked}.", f"The school is ranked {ranked}.")
    clauses = []
    for bracket in found:
        k = len(bracket.standings)
        if bracket.first:
            among = "there" if n == 1 else f"in {_of_them(k, n)}"
            clause = f"in the world top {bracket.top} {among}"
        else:
            clause = f"in the top {bracket.top} in {counted(k, 'more', LANGUAGE)}"
        if bracket.named:
            named = _named(bracket.standings)
            # Mid-sentence the list sits between commas; at the end it follows a colon.
            clause += f": {named}" if bracket.last else f", {named},"
        clauses.append(clause)
    where = join(clauses, LANGUAGE)
    wordings = (
        f"Ranked {ranked}, the school is {where}.",
        f"The school is ranked {ranked} and is {where}.",
    )
    return tuple(w.replace(",,", ",") for w in wordings)


def first_in_country(school: SchoolFacts) -> str:
    first = school.first_in_country_sdgs
    if not first:
        return ""
    institutions = institutions_of(school.country, LANGUAGE)
    text = f"Among {institutions}, it is first in {plural(len(first), 'SDG')}"
    if len(first) <= cases.NAMED_AT_MOST:
        text += f": {_named(first)}"
    return text + "."


def about_heading(group_name: str, short_name: str) -> str:
    return f"About {group_name}"


def contacts_heading(n: int) -> str:
    return "Press contact" if n == 1 else "Press contacts"
