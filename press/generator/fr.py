"""The release's sentences in French. What to say is decided in `cases`.

Sentences avoid agreeing with a school's name (une école, un institut): the school is the
subject of the first sentence only, and "l'école" (feminine) of the following ones.
The group is named as "le groupe IMT", which needs no article whatever its name.
"""

from __future__ import annotations

from rankings.ranks import Rank

from ..facts import NATIONAL_TOP, SDG_COUNT, ReleaseFacts, SchoolFacts, SDGStanding
from ..typography import (
    NBSP,
    band,
    capitalised,
    counted,
    french_spacing,
    institutions_of,
    institutions_of_category,
    join,
    number,
    of,
    ordinal,
    quote,
    small_number,
)
from . import cases
from .cases import First, Newcomers, Overall, Size
from .prose import Wordings, paragraph

LANGUAGE = "fr"


def finish(text: str) -> str:
    return french_spacing(text)


def rank_phrase(rank: Rank) -> str:
    """la 57e place, la 57e place ex æquo, la tranche 101–200, la tranche 1001+."""
    if rank.is_exact:
        tie = " ex æquo" if rank.tie else ""
        return f"la {ordinal(rank.low, LANGUAGE, feminine=True)} place{tie}"
    return f"la tranche {band(rank)}"


def in_rank(rank: Rank) -> str:
    return f"à {rank_phrase(rank)}" if rank.is_exact else f"dans {rank_phrase(rank)}"


def sdg_label(standing: SDGStanding) -> str:
    # A no-break space keeps "ODD 7" on one line.
    name = quote(standing.name(LANGUAGE), LANGUAGE)
    return f"ODD{NBSP}{standing.number} {name} ({position(standing)})"


def position(standing: SDGStanding) -> str:
    """78, ou « 35e sur 1 180 » quand la taille du classement est connue ; une tranche telle quelle."""
    rank, size = standing.rank, standing.table_size
    if rank.is_exact and size:
        tie = " ex æquo" if rank.tie else ""
        return f"{ordinal(rank.low, LANGUAGE)}{tie} sur {number(size, LANGUAGE)}"
    return band(rank)


def sdg_by_sdg_heading(facts: ReleaseFacts) -> str:
    return f"Les écoles du {_group(facts)}, ODD par ODD"


def sdg_table(standing: SDGStanding, schools: tuple[tuple[SchoolFacts, SDGStanding], ...]) -> str:
    """« ODD 4 « Éducation de qualité » (1 180 établissements classés) : École A (35e), … »"""
    name = quote(standing.name(LANGUAGE), LANGUAGE)
    size = (
        f" ({counted(standing.table_size, 'établissements classés', LANGUAGE)})"
        if standing.table_size
        else ""
    )
    listed = join([f"{school.name} ({_place(s.rank)})" for school, s in schools], LANGUAGE)
    return f"ODD{NBSP}{standing.number} {name}{size} : {listed}."


def _place(rank: Rank) -> str:
    if rank.is_exact:
        return f"{ordinal(rank.low, LANGUAGE)}{' ex æquo' if rank.tie else ''}"
    return band(rank)


def _named(standings: tuple[SDGStanding, ...]) -> str:
    return join([sdg_label(s) for s in standings], LANGUAGE)


def _group(facts: ReleaseFacts) -> str:
    return f"groupe {facts.group_short_name}"


def title(facts: ReleaseFacts) -> str:
    ranking = f"{facts.ranking_name} {facts.edition.year}"
    if len(facts.schools) == 1:  # a group of one school: the group itself is the subject
        if cases.stands_out(facts):
            return f"Classement {ranking} : le {_group(facts)} se distingue"
        return f"Le {_group(facts)} au classement {ranking}"
    if cases.stands_out(facts):
        return f"Classement {ranking} : les écoles du {_group(facts)} se distinguent"
    return f"Les écoles du {_group(facts)} au classement {ranking}"


def lead(facts: ReleaseFacts) -> str:
    if not facts.ranked_schools:
        return (
            f"Cette année, aucune école du {_group(facts)} ne figure au classement général "
            f"{facts.edition.year}."
        )
    institutions = institutions_of(facts.country, LANGUAGE)
    total = facts.edition.country_institutions
    among = (
        f"parmi les {counted(total, institutions, LANGUAGE)} classés"
        if total
        else (f"parmi les {institutions} classés")
    )
    group = _group(facts)
    if facts.group_short_name != facts.group_name:
        group += f" ({facts.group_name})"
    n = len(facts.ranked_in_country)
    if n == 1:
        sentences = [f"Cette année, une école du {group} figure {among}."]
    else:
        sentences = [f"Cette année, {counted(n, 'écoles', LANGUAGE)} du {group} figurent {among}."]
    sentences.append(national_top(facts))
    sentences.append(_leaders(facts))

    newcomers = facts.newcomers
    match cases.newcomers(facts):
        case Newcomers.NUMBERED if len(facts.ranked_schools) > 1:
            # "La 1re école du groupe à entrer" says nothing the paragraph does not.
            position = ordinal(len(facts.ranked_schools), LANGUAGE, feminine=True)
            sentences.append(
                (
                    f"{newcomers[0].name} est la {position} école du groupe à entrer dans le "
                    "classement.",
                    _with_entry(facts),
                )
            )
        case Newcomers.ONE:
            sentences.append(
                (f"{newcomers[0].name} fait son entrée dans le classement.", _with_entry(facts))
            )
        case Newcomers.SEVERAL:
            names = join([s.name for s in newcomers], LANGUAGE)
            sentences.append((f"{names} font leur entrée dans le classement.", _with_entry(facts)))
    return paragraph(sentences)


def _with_entry(facts: ReleaseFacts) -> str:
    """ "Avec l’entrée d’IMT Mines Albi, six écoles du groupe IMT figurent au classement." """
    newcomers = [s.name for s in facts.newcomers]
    entry = f"l’entrée {of(newcomers[0], LANGUAGE)}"
    if len(newcomers) > 1:
        entry = f"l’entrée {join([of(name, LANGUAGE) for name in newcomers], LANGUAGE)}"
    n = len(facts.ranked_schools)
    if n == 1:
        return f"Avec {entry}, une école du {_group(facts)} figure au classement général."
    schools = counted(n, "écoles", LANGUAGE)
    return f"Avec {entry}, {schools} du {_group(facts)} figurent au classement général."


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
            verb = "restent" if several else "reste"
        else:
            verb = "sont" if several else "est"
        return f"{names} {verb} à égalité en tête des {institutions}."
    match case:
        case First.REMAINS:
            return f"{names} reste en tête des {institutions}."
        case First.TOOK_THE_LEAD | First.TOOK_THE_LEAD_BY_RISING:
            return f"{names} prend la tête des {institutions}."
    return f"{names} arrive en tête des {institutions}."


def national_top(facts: ReleaseFacts) -> str:
    """ "Trois d’entre elles figurent dans le top 10 des établissements français." """
    figures = facts.figures
    if figures is None or not figures.in_national_top or figures.ranked_in_country < 2:
        return ""
    n, top = figures.in_national_top, NATIONAL_TOP
    institutions = institutions_of(facts.country, LANGUAGE)
    if n == figures.ranked_in_country:
        who = "Les deux" if n == 2 else f"Toutes les {small_number(n, LANGUAGE)}"
        return f"{who} se classent dans le top {top} des {institutions}."
    if n == 1:
        return f"L’une d’entre elles se classe dans le top {top} des {institutions}."
    who = capitalised(small_number(n, LANGUAGE))
    return f"{who} d’entre elles se classent dans le top {top} des {institutions}."


def _places(n: int, words: str) -> str:
    return counted(
        n,
        words
        if n == 1
        else words.replace("place", "places").replace("ière ", "ières ").replace("ième ", "ièmes "),
        LANGUAGE,
        feminine=True,
    )


def sdg_places(facts: ReleaseFacts) -> str:
    """Dans l'ensemble des classements par ODD, les places des écoles du groupe."""
    figures = facts.figures
    if figures is None or figures.schools_in_sdg_tables < 2:
        return ""
    world = []
    if figures.sdg_world_top_100:
        world.append(f"{_places(figures.sdg_world_top_100, 'place')} dans le top 100 mondial")
    if figures.sdg_world_top_200:
        n = figures.sdg_world_top_200
        if world:
            world.append(
                f"{counted(n, 'autres' if n > 1 else 'autre', LANGUAGE, feminine=True)} dans le top 200"
            )
        else:
            world.append(f"{_places(n, 'place')} dans le top 200 mondial")
    national = []
    if figures.sdg_first_in_country:
        national.append(_places(figures.sdg_first_in_country, "première place"))
    if figures.sdg_second_in_country:
        national.append(_places(figures.sdg_second_in_country, "deuxième place"))
    if not world and not national:
        return ""
    parts = [join(world, LANGUAGE)] if world else []
    if national:
        institutions = institutions_of(facts.country, LANGUAGE)
        among = f"{join(national, LANGUAGE)} parmi les {institutions}"
        parts.append(f"ainsi que {among}" if world else among)
    return (
        f"Dans l’ensemble des classements par ODD, les écoles du {_group(facts)} obtiennent "
        f"{', '.join(parts)}."
    )


def measures_default() -> str:
    return (
        "Ce classement mesure la contribution des établissements d’enseignement supérieur et de "
        f"recherche aux {SDG_COUNT} objectifs de développement durable (ODD) fixés par l’ONU."
    )


def ranking_heading(facts: ReleaseFacts) -> str:
    n = len(facts.ranked_schools)
    if n == 0:
        if any(s.listed for s in facts.schools):
            return f"Le {_group(facts)} dans les classements par ODD"
        return f"Aucune école du {_group(facts)} au classement"
    if n == 1:
        return f"Une école du {_group(facts)} au classement"
    return capitalised(f"{counted(n, 'écoles', LANGUAGE)} du {_group(facts)} au classement")


def edition_size(facts: ReleaseFacts) -> str:
    current, previous = facts.edition, facts.previous
    case = cases.size(facts)
    if case is Size.UNKNOWN:
        return ""
    now = number(current.institutions_ranked, LANGUAGE)
    if case is Size.FIRST_EDITION:
        return f"L’édition {current.year} classe {now}{NBSP}établissements."
    before = number(previous.institutions_ranked, LANGUAGE)
    figures = f"({before} en {previous.year} et {now} en {current.year})"
    match case:
        case Size.GREW_AND_ALL_HELD:
            how = "nettement " if cases.grew_significantly(facts) else ""
            return (
                f"Les écoles du {_group(facts)} progressent ou maintiennent leur position dans "
                f"l’édition {current.year}, alors même que le nombre d’établissements classés a "
                f"{how}augmenté {figures}."
            )
        case Size.GREW:
            return f"Le nombre d’établissements classés a augmenté {figures}."
        case Size.SHRANK:
            return f"Le nombre d’établissements classés a diminué {figures}."
    return f"Le nombre d’établissements classés est stable {figures}."


def overall(school: SchoolFacts, facts: ReleaseFacts) -> str:
    now, before, name = school.rank, school.previous_rank, school.name
    year = facts.edition.year
    previous_year = facts.previous.year if facts.previous else None
    match cases.overall(school, facts):
        case Overall.UP if cases.sharp_rise(school):
            return (
                f"Net bond pour {name}, qui progresse au classement général, de "
                f"{rank_phrase(before)} en {previous_year} à {rank_phrase(now)} en {year}."
            )
        case Overall.UP:
            return (
                f"{name} progresse au classement général, de {rank_phrase(before)} "
                f"en {previous_year} à {rank_phrase(now)} en {year}."
            )
        case Overall.DOWN:
            return (
                f"{name} recule au classement général, de {rank_phrase(before)} "
                f"en {previous_year} à {rank_phrase(now)} en {year}."
            )
        case Overall.KEPT:
            top = f" (top {now.high} mondial)" if now.is_band and now.high else ""
            despite = ", malgré la hausse du nombre d’établissements classés"
            return (
                f"{name} conserve sa position au classement général, "
                f"{in_rank(now)}{top}{despite if cases.grew(facts) else ''}."
            )
        case Overall.OVERLAP:
            return (
                f"{name} figure {in_rank(now)} du classement général {year}, "
                f"après {rank_phrase(before)} en {previous_year}."
            )
        case Overall.NEW:
            return f"{name} fait son entrée au classement général {in_rank(now)}."
        case Overall.RANKED:
            return f"{name} figure {in_rank(now)} du classement général {year}."
        case Overall.LEFT | Overall.LEFT_OVERALL_ONLY as case:
            text = (
                f"{name}, {in_rank(before)} en {previous_year}, "
                f"ne figure pas au classement général {year}."
            )
            if case is Overall.LEFT_OVERALL_ONLY:
                still = "dans des classements par ODD"
                if cases.explains_overall_requirement(school):
                    still += (
                        " : le classement général exige des données sur l’ODD 17 et au moins "
                        "trois autres ODD"
                    )
                wordings = (
                    f"L’école reste présente {still}.",
                    f"Cet établissement reste présent {still}.",
                )
                text = paragraph([text, wordings])
            return text
    return (
        f"{name} n’a pas de rang au classement général {year} mais figure dans des "
        "classements par ODD."
    )


def _or_elle(sentence: str) -> Wordings:
    """ "L’école est …", or "Elle est …" after a sentence that opened with "L’école" (the
    feminine pronoun agrees with l’école, never with the school's own name)."""
    if sentence.startswith("L’école "):
        return (sentence, "Elle " + sentence[len("L’école ") :])
    return sentence


def national(school: SchoolFacts, facts: ReleaseFacts) -> Wordings:
    return _or_elle(_national(school, facts))


def _national(school: SchoolFacts, facts: ReleaseFacts) -> str:
    if school.national_rank is None or school.rank is None:
        return ""
    institutions = institutions_of(school.country, LANGUAGE)
    if school.national_rank == 1 and school.national_rank_shared:
        if cases.first_in_country(school) is First.REMAINS:
            return f"L’école reste à égalité en tête des {institutions}."
        return f"L’école est à égalité en tête des {institutions}."
    if school.national_rank == 1:
        match cases.first_in_country(school):
            case First.REMAINS:
                return f"L’école reste en tête des {institutions}."
            case First.TOOK_THE_LEAD_BY_RISING:
                return f"L’école prend ainsi la tête des {institutions}."
            case First.TOOK_THE_LEAD:
                return f"L’école prend la tête des {institutions}."
        return f"L’école arrive en tête des {institutions}."
    position = ordinal(school.national_rank, LANGUAGE, feminine=True)
    if school.national_rank_shared:
        position += " ex æquo"
    if total := cases.country_total(school, facts):
        return f"L’école est {position} des {counted(total, institutions, LANGUAGE)} classés."
    return f"L’école est {position} parmi les {institutions}."


def category(school: SchoolFacts) -> Wordings:
    """ "L’école est 1re des écoles de commerce françaises." """
    peers = institutions_of_category(school.country, school.category, LANGUAGE)
    if not peers or not cases.first_in_category(school):
        return ""
    return _or_elle(f"L’école est {ordinal(1, LANGUAGE, feminine=True)} des {peers}.")


def _among_them(n: int, total: int) -> str:
    if n == total:
        return "les deux" if n == 2 else "tous"
    if n == 1:
        return "l’un d’entre eux"
    return counted(n, "d’entre eux", LANGUAGE)


def sdgs(school: SchoolFacts) -> Wordings:
    """Dans combien de classements par ODD l'école figure et à quel niveau, en une phrase."""
    n = school.sdg_count
    if n == 0:
        return ""
    total = counted(SDG_COUNT, "ODD", LANGUAGE)
    if n == SDG_COUNT:
        ranked = f"dans les {total}"
    elif n == 1:
        ranked = f"dans un seul des {total}"
    else:
        ranked = f"dans {counted(n, 'des', LANGUAGE)} {total}"
    found = cases.brackets(school)
    if not found:
        return (f"L’école figure {ranked}.", f"Elle figure {ranked}.")
    clauses = []
    for bracket in found:
        k = len(bracket.standings)
        if bracket.first:
            clause = f"dans le top {bracket.top} mondial"
            if n > 1:
                clause += f" pour {_among_them(k, n)}"
        else:
            others = counted(k, "autre" if k == 1 else "autres", LANGUAGE)
            clause = f"dans le top {bracket.top} pour {others}"
        if bracket.named:
            named = _named(bracket.standings)
            # Mid-sentence the list sits between commas; at the end it follows a colon.
            clause += f" : {named}" if bracket.last else f", {named},"
        clauses.append(clause)
    verb = "s’y classe" if n == 1 else "se classe"
    where = join(clauses, LANGUAGE)
    wordings = (
        f"Présente {ranked}, l’école {verb} {where}.",
        f"L’école figure {ranked} et {verb} {where}.",
    )
    return tuple(w.replace(",,", ",") for w in wordings)


def first_in_country(school: SchoolFacts) -> str:
    first = school.first_in_country_sdgs
    if not first:
        return ""
    institutions = institutions_of(school.country, LANGUAGE)
    text = f"Parmi les {institutions}, l’école est 1re dans {counted(len(first), 'ODD', LANGUAGE)}"
    if len(first) <= cases.NAMED_AT_MOST:
        text += f" : {_named(first)}"
    return text + "."


def about_heading(group_name: str, short_name: str) -> str:
    return f"À propos du groupe {short_name}"


def contacts_heading(n: int) -> str:
    return "Contact presse" if n == 1 else "Contacts presse"
