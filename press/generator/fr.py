"""The release's sentences in French.

Sentences avoid agreeing with a school's name (une école, un institut): the school is the
subject of the first sentence only, and "l'école" (feminine) of the following ones.
The group is named as "le groupe IMT", which needs no article whatever its name.
"""

from __future__ import annotations

from rankings.ranks import Movement, Rank

from ..facts import SDG_COUNT, ReleaseFacts, SchoolFacts, SDGStanding
from ..typography import NBSP, french_spacing, institutions_of, join, number, ordinal, quote

LANGUAGE = "fr"


def finish(text: str) -> str:
    return french_spacing(text)


def rank_phrase(rank: Rank) -> str:
    """la 57e place, la 57e place ex æquo, la tranche 101–200, la tranche 1001+."""
    if rank.is_exact:
        tie = " ex æquo" if rank.tie else ""
        return f"la {ordinal(rank.low, LANGUAGE, feminine=True)} place{tie}"
    return f"la tranche {rank}"


def in_rank(rank: Rank) -> str:
    return f"à {rank_phrase(rank)}" if rank.is_exact else f"dans {rank_phrase(rank)}"


def sdg_label(standing: SDGStanding) -> str:
    # A no-break space keeps "ODD 7" on one line.
    return (
        f"ODD{NBSP}{standing.number} {quote(standing.name(LANGUAGE), LANGUAGE)} ({standing.rank})"
    )


def _group(facts: ReleaseFacts) -> str:
    return f"groupe {facts.group_short_name}"


def title(facts: ReleaseFacts, *, stands_out: bool) -> str:
    ranking = f"{facts.ranking_name} {facts.edition.year}"
    if stands_out:
        return f"Classement {ranking} : les écoles du {_group(facts)} se distinguent"
    return f"Les écoles du {_group(facts)} au classement {ranking}"


def lead(facts: ReleaseFacts) -> str:
    ranked = facts.ranked_in_country
    total = facts.edition.country_institutions
    institutions = institutions_of(facts.country, LANGUAGE)
    if not facts.ranked_schools:
        return (
            f"Cette année, aucune école du {_group(facts)} ne figure au classement général "
            f"{facts.edition.year}."
        )
    name = facts.group_name
    among = (
        f"parmi les {number(total, LANGUAGE)} {institutions} classés"
        if total
        else (f"parmi les {institutions} classés")
    )
    if len(ranked) == 1:
        sentences = [f"Cette année, une école du {_group(facts)} ({name}) figure {among}."]
    else:
        sentences = [
            f"Cette année, {len(ranked)} écoles du {_group(facts)} ({name}) figurent {among}."
        ]
    if leader := facts.country_leader:
        if leader.previous_national_rank == 1:
            sentences.append(f"{leader.name} reste en tête des {institutions}.")
        elif leader.previous_rank is not None:
            sentences.append(f"{leader.name} prend la tête des {institutions}.")
        else:
            sentences.append(f"{leader.name} arrive en tête des {institutions}.")
    newcomers = facts.newcomers
    if len(newcomers) == 1 and not facts.leavers:
        position = ordinal(len(facts.ranked_schools), LANGUAGE, feminine=True)
        sentences.append(
            f"{newcomers[0].name} est la {position} école du groupe à entrer dans le classement."
        )
    elif len(newcomers) == 1:
        sentences.append(f"{newcomers[0].name} fait son entrée dans le classement.")
    elif newcomers:
        names = join([s.name for s in newcomers], LANGUAGE)
        sentences.append(f"{names} font leur entrée dans le classement.")
    return " ".join(sentences)


def measures_default() -> str:
    return (
        "Ce classement mesure la contribution des établissements d’enseignement supérieur et de "
        f"recherche aux {SDG_COUNT} objectifs de développement durable (ODD) fixés par l’ONU."
    )


def ranking_heading(facts: ReleaseFacts) -> str:
    n = len(facts.ranked_schools)
    if n == 1:
        return f"Une école du {_group(facts)} au classement"
    return f"{n} écoles du {_group(facts)} au classement"


def edition_size(facts: ReleaseFacts, *, none_fell: bool) -> str:
    current, previous = facts.edition, facts.previous
    if not current.institutions_ranked:
        return ""
    now = number(current.institutions_ranked, LANGUAGE)
    if not previous or not previous.institutions_ranked:
        return f"L’édition {current.year} classe {now} établissements."
    before = number(previous.institutions_ranked, LANGUAGE)
    figures = f"({before} en {previous.year} et {now} en {current.year})"
    growth = current.institutions_ranked / previous.institutions_ranked
    if growth > 1 and none_fell:
        how = "nettement " if growth >= 1.2 else ""
        return (
            f"Les écoles du {_group(facts)} progressent ou maintiennent leur position dans "
            f"l’édition {current.year}, alors même que le nombre d’établissements classés a "
            f"{how}augmenté {figures}."
        )
    if growth > 1:
        return f"Le nombre d’établissements classés a augmenté {figures}."
    if growth < 1:
        return f"Le nombre d’établissements classés a diminué {figures}."
    return f"Le nombre d’établissements classés est stable {figures}."


def overall(school: SchoolFacts, facts: ReleaseFacts, *, grew: bool) -> str:
    now, before = school.rank, school.previous_rank
    year = facts.edition.year
    previous_year = facts.previous.year if facts.previous else None
    match school.movement:
        case Movement.UP:
            return (
                f"{school.name} progresse au classement général, de {rank_phrase(before)} "
                f"en {previous_year} à {rank_phrase(now)} en {year}."
            )
        case Movement.DOWN:
            return (
                f"{school.name} recule au classement général, de {rank_phrase(before)} "
                f"en {previous_year} à {rank_phrase(now)} en {year}."
            )
        case Movement.SAME if now == before:  # a tie (=57) is the same position as 57
            top = f" (top {now.high} mondial)" if now.is_band and now.high else ""
            despite = ", malgré la hausse du nombre d’établissements classés" if grew else ""
            return (
                f"{school.name} conserve sa position au classement général, "
                f"{in_rank(now)}{top}{despite}."
            )
        case Movement.SAME:
            # Overlapping positions (150th, then 101–200): neither a rise nor a fall.
            return (
                f"{school.name} figure {in_rank(now)} du classement général {year}, "
                f"après {rank_phrase(before)} en {previous_year}."
            )
        case Movement.NEW:
            return f"{school.name} fait son entrée au classement général {in_rank(now)}."
        case Movement.LEFT:
            text = (
                f"{school.name}, {in_rank(before)} en {previous_year}, "
                f"ne figure pas au classement général {year}."
            )
            if school.sdgs:
                text += (
                    " L’école reste présente dans des classements par ODD : le classement "
                    "général exige des données sur l’ODD 17 et au moins trois autres ODD."
                )
            return text
    return (
        f"{school.name} n’a pas de rang au classement général {year} mais figure dans des "
        "classements par ODD."
    )


def national(school: SchoolFacts, facts: ReleaseFacts) -> str:
    if school.national_rank is None or school.rank is None:
        return ""
    institutions = institutions_of(school.country, LANGUAGE)
    if school.national_rank == 1:
        if school.previous_national_rank == 1:
            return f"L’école reste en tête des {institutions}."
        if school.previous_rank is not None:
            how = " ainsi" if school.movement is Movement.UP else ""
            return f"L’école prend{how} la tête des {institutions}."
        return f"L’école arrive en tête des {institutions}."
    position = ordinal(school.national_rank, LANGUAGE, feminine=True)
    total = facts.edition.country_institutions if school.country == facts.country else None
    if total:
        return f"L’école est {position} des {number(total, LANGUAGE)} {institutions} classés."
    return f"L’école est {position} parmi les {institutions}."


def sdg_count(school: SchoolFacts) -> str:
    n = school.sdg_count
    if n == 0:
        return ""
    if n == SDG_COUNT:
        return f"L’école figure dans les {SDG_COUNT} ODD."
    if n == 1:
        return f"L’école figure dans un seul des {SDG_COUNT} ODD."
    return f"L’école figure dans {n} des {SDG_COUNT} ODD."


def _named(standings: tuple[SDGStanding, ...]) -> str:
    return join([sdg_label(s) for s in standings], LANGUAGE)


def brackets(school: SchoolFacts) -> str:
    found = [(top, found) for top, found in school.sdgs_by_bracket().items() if found]
    if not found:
        return ""
    clauses = []
    for index, (top, standings) in enumerate(found):
        n = len(standings)
        if index == 0:
            clause = f"dans le top {top} mondial pour {n} ODD"
        else:
            clause = f"dans le top {top} pour {n} {'autre' if n == 1 else 'autres'}"
        if n <= 2:
            last = index == len(found) - 1
            clause += f" : {_named(standings)}" if last else f", {_named(standings)},"
        clauses.append(clause)
    # An SDG list inside the sentence ends with a comma, which the next clause would double.
    return f"L’école se classe {join(clauses, LANGUAGE)}.".replace(",,", ",")


def first_in_country(school: SchoolFacts) -> str:
    first = school.first_in_country_sdgs
    if not first:
        return ""
    institutions = institutions_of(school.country, LANGUAGE)
    text = f"Parmi les {institutions}, l’école est 1re dans {len(first)} ODD"
    if len(first) <= 2:
        text += f" : {_named(first)}"
    return text + "."


def about_heading(group_name: str, short_name: str) -> str:
    return f"À propos du groupe {short_name}"


def contacts_heading(n: int) -> str:
    return "Contact presse" if n == 1 else "Contacts presse"
