"""The release's sentences in English."""

from __future__ import annotations

from rankings.ranks import Movement, Rank

from ..facts import SDG_COUNT, ReleaseFacts, SchoolFacts, SDGStanding
from ..typography import NBSP, institutions_of, join, number, ordinal, quote

LANGUAGE = "en"


def finish(text: str) -> str:
    return text


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural_form or singular + 's'}"


def rank_phrase(rank: Rank) -> str:
    """57th place, joint 57th place, the 101–200 band, the 1001+ band."""
    if rank.is_exact:
        return f"{'joint ' if rank.tie else ''}{ordinal(rank.low, LANGUAGE)} place"
    return f"the {rank} band"


def in_rank(rank: Rank) -> str:
    return f"in {rank_phrase(rank)}"


def sdg_label(standing: SDGStanding) -> str:
    # A no-break space keeps "SDG 7" on one line.
    return (
        f"SDG{NBSP}{standing.number} {quote(standing.name(LANGUAGE), LANGUAGE)} ({standing.rank})"
    )


def title(facts: ReleaseFacts, *, stands_out: bool) -> str:
    verb = "stand out in" if stands_out else "in"
    return f"{facts.group_name} schools {verb} the {facts.edition.year} {facts.ranking_name}"


def _group(facts: ReleaseFacts) -> str:
    if facts.group_short_name == facts.group_name:
        return facts.group_name
    return f"{facts.group_name} ({facts.group_short_name})"


def lead(facts: ReleaseFacts) -> str:
    ranked = facts.ranked_in_country
    total = facts.edition.country_institutions
    institutions = institutions_of(facts.country, LANGUAGE)
    if not facts.ranked_schools:
        return f"{_group(facts)} has no school in the {facts.edition.year} overall ranking."
    schools = "one of its schools" if len(ranked) == 1 else f"{len(ranked)} of its schools"
    if total:
        sentences = [
            f"This year, {_group(facts)} has {schools} among the {number(total, LANGUAGE)} "
            f"{institutions} ranked."
        ]
    else:
        sentences = [f"This year, {_group(facts)} has {schools} among the {institutions} ranked."]
    if leader := facts.country_leader:
        if leader.previous_national_rank == 1:
            sentences.append(f"{leader.name} remains first among {institutions}.")
        elif leader.previous_rank is not None:
            sentences.append(f"{leader.name} has taken the lead among {institutions}.")
        else:
            sentences.append(f"{leader.name} is first among {institutions}.")
    newcomers = facts.newcomers
    if len(newcomers) == 1 and not facts.leavers:
        position = ordinal(len(facts.ranked_schools), LANGUAGE)
        sentences.append(
            f"{newcomers[0].name} is the {position} school in the group to join the ranking."
        )
    elif len(newcomers) == 1:
        sentences.append(f"{newcomers[0].name} joins the ranking.")
    elif newcomers:
        sentences.append(f"{join([s.name for s in newcomers], LANGUAGE)} join the ranking.")
    return " ".join(sentences)


def measures_default() -> str:
    return (
        "This ranking measures the contribution of higher education and research "
        f"institutions to the {SDG_COUNT} Sustainable Development Goals (SDGs) set out by the UN."
    )


def ranking_heading(facts: ReleaseFacts) -> str:
    n = len(facts.ranked_schools)
    if n == 1:
        return f"One {facts.group_short_name} school in the ranking"
    return f"{n} {facts.group_short_name} schools in the ranking"


def edition_size(facts: ReleaseFacts, *, none_fell: bool) -> str:
    current, previous = facts.edition, facts.previous
    if not current.institutions_ranked:
        return ""
    now = number(current.institutions_ranked, LANGUAGE)
    if not previous or not previous.institutions_ranked:
        return f"The {current.year} edition ranks {now} institutions."
    before = number(previous.institutions_ranked, LANGUAGE)
    figures = f"({before} in {previous.year} and {now} in {current.year})"
    growth = current.institutions_ranked / previous.institutions_ranked
    if growth > 1 and none_fell:
        how = " significantly" if growth >= 1.2 else ""
        return (
            f"{facts.group_short_name} schools have improved or maintained their position in "
            f"the {current.year} edition, even though the number of institutions ranked has "
            f"increased{how} {figures}."
        )
    if growth > 1:
        return f"The number of institutions ranked has increased {figures}."
    if growth < 1:
        return f"The number of institutions ranked has decreased {figures}."
    return f"The number of institutions ranked is unchanged {figures}."


def overall(school: SchoolFacts, facts: ReleaseFacts, *, grew: bool) -> str:
    now, before = school.rank, school.previous_rank
    year = facts.edition.year
    previous_year = facts.previous.year if facts.previous else None
    match school.movement:
        case Movement.UP:
            return (
                f"{school.name} has moved up from {rank_phrase(before)} in {previous_year} "
                f"to {rank_phrase(now)} in {year} in the overall ranking."
            )
        case Movement.DOWN:
            return (
                f"{school.name} has moved down from {rank_phrase(before)} in {previous_year} "
                f"to {rank_phrase(now)} in {year} in the overall ranking."
            )
        case Movement.SAME if now == before:  # a tie (=57) is the same position as 57
            top = f" (world top {now.high})" if now.is_band and now.high else ""
            despite = ", despite the larger number of institutions ranked" if grew else ""
            return (
                f"{school.name} has kept its position in the overall ranking, "
                f"{in_rank(now)}{top}{despite}."
            )
        case Movement.SAME:
            # Overlapping positions (150th, then 101–200): neither a rise nor a fall.
            return (
                f"{school.name} is {in_rank(now)} in the overall ranking in {year}, "
                f"after {rank_phrase(before)} in {previous_year}."
            )
        case Movement.NEW:
            return f"{school.name} has entered the overall ranking {in_rank(now)}."
        case Movement.LEFT:
            text = (
                f"{school.name}, {in_rank(before)} in {previous_year}, "
                f"is not in the {year} overall ranking."
            )
            if school.sdgs:
                text += (
                    " It still appears in SDG tables: an overall rank requires data on SDG 17 "
                    "and at least three other SDGs."
                )
            return text
    return f"{school.name} has no overall rank in {year} but appears in SDG tables."


def national(school: SchoolFacts, facts: ReleaseFacts) -> str:
    if school.national_rank is None or school.rank is None:
        return ""
    institutions = institutions_of(school.country, LANGUAGE)
    if school.national_rank == 1:
        if school.previous_national_rank == 1:
            return f"It remains first among {institutions}."
        if school.previous_rank is not None:
            # "thus" only when the rise explains the new place.
            how = "thus ranked" if school.movement is Movement.UP else "now"
            return f"It is {how} first among {institutions}."
        return f"It is first among {institutions}."
    position = ordinal(school.national_rank, LANGUAGE)
    total = facts.edition.country_institutions if school.country == facts.country else None
    if total:
        return f"It is {position} among the {number(total, LANGUAGE)} {institutions} ranked."
    return f"It is {position} among {institutions}."


def sdg_count(school: SchoolFacts) -> str:
    n = school.sdg_count
    if n == 0:
        return ""
    if n == SDG_COUNT:
        return f"It is ranked in all {SDG_COUNT} SDGs."
    return f"It is ranked in {n} of the {SDG_COUNT} SDGs."


def _named(standings: tuple[SDGStanding, ...]) -> str:
    return join([sdg_label(s) for s in standings], LANGUAGE)


def brackets(school: SchoolFacts) -> str:
    found = [(top, found) for top, found in school.sdgs_by_bracket().items() if found]
    if not found:
        return ""
    clauses = []
    for index, (top, standings) in enumerate(found):
        if index == 0:
            clause = f"in the world top {top} in {plural(len(standings), 'SDG')}"
        else:
            clause = f"in the top {top} in {len(standings)} more"
        if len(standings) <= 2:
            last = index == len(found) - 1
            clause += f": {_named(standings)}" if last else f", {_named(standings)},"
        clauses.append(clause)
    # An SDG list inside the sentence ends with a comma, which the next clause would double.
    return f"It is {join(clauses, LANGUAGE)}.".replace(",,", ",")


def first_in_country(school: SchoolFacts) -> str:
    first = school.first_in_country_sdgs
    if not first:
        return ""
    institutions = institutions_of(school.country, LANGUAGE)
    text = f"Among {institutions}, it is first in {plural(len(first), 'SDG')}"
    if len(first) <= 2:
        text += f": {_named(first)}"
    return text + "."


def about_heading(group_name: str, short_name: str) -> str:
    return f"About {group_name}"


def contacts_heading(n: int) -> str:
    return "Press contact" if n == 1 else "Press contacts"
