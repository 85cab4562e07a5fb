"""The sentences of a release about any ranking but THE Impact, in French.

As in `fr`, a school's name is the subject of its first sentence only, "l’école" (feminine)
of the following ones, so that nothing agrees with a name.
"""

from __future__ import annotations

from rankings.ranks import Rank

from ..facts import ReleaseFacts, SchoolFacts
from ..facts_rankings import SubjectStanding
from ..typography import (
    band,
    capitalised,
    counted,
    french_spacing,
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

LANGUAGE = "fr"


def finish(text: str) -> str:
    return french_spacing(text)


def place(rank: Rank, *, feminine: bool = False) -> str:
    """12e, 12e ex æquo, 351–400."""
    if rank.is_exact:
        return f"{ordinal(rank.low, LANGUAGE, feminine=feminine)}{' ex æquo' if rank.tie else ''}"
    return band(rank)


def rank_phrase(rank: Rank) -> str:
    """la 12e place, la tranche 351–400."""
    if rank.is_exact:
        return f"la {place(rank, feminine=True)} place"
    return f"la tranche {band(rank)}"


def in_rank(rank: Rank) -> str:
    return f"à {rank_phrase(rank)}" if rank.is_exact else f"dans {rank_phrase(rank)}"


def _name(facts: ReleaseFacts) -> str:
    return facts.ranking.name(LANGUAGE)


def _classement(facts: ReleaseFacts) -> str:
    """ "classement THE World University Rankings 2021"; a name that already says
    "Classement …" is not preceded by the word again."""
    name = _name(facts)
    if name.casefold().startswith("classement"):
        return f"{name[:1].lower()}{name[1:]} {facts.edition.year}"
    return f"classement {name} {facts.edition.year}"


def _group(facts: ReleaseFacts) -> str:
    return f"groupe {facts.group_short_name}"


def title(facts: ReleaseFacts) -> str:
    ranking = _classement(facts)
    if len(facts.schools) == 1:
        if cases.stands_out(facts):
            return f"{capitalised(ranking)} : le {_group(facts)} se distingue"
        return f"Le {_group(facts)} au {ranking}"
    if cases.stands_out(facts):
        return f"{capitalised(ranking)} : les écoles du {_group(facts)} se distinguent"
    return f"Les écoles du {_group(facts)} au {ranking}"


def _listed(school: SchoolFacts, facts: ReleaseFacts) -> str:
    """ "3e Télécom Paris (4e en 2019)", comme le service les énumère."""
    text = f"{place(school.rank)} {school.name}"
    if facts.previous is None:
        return text
    if school.previous_rank is None:
        return f"{text} (nouvelle entrée)"
    return f"{text} ({place(school.previous_rank)} en {facts.previous.year})"


def lead(facts: ReleaseFacts) -> str:
    ranked = facts.ranked_schools
    group = _group(facts)
    if facts.group_short_name != facts.group_name:
        group += f" ({facts.group_name})"
    if subject_tables_only(facts):
        n = len(reported(facts))
        schools = "une école" if n == 1 else counted(n, "écoles", LANGUAGE)
        verb = "figure" if n == 1 else "figurent"
        return (
            f"Cette année, {schools} du {group} {verb} dans les classements par discipline "
            f"du {_classement(facts)}."
        )
    if not ranked:
        return f"Aucune école du {group} ne figure au {_classement(facts)}."
    n = len(ranked)
    schools = "une école" if n == 1 else counted(n, "écoles", LANGUAGE)
    if facts.ranking.national:
        listed = " ; ".join(_listed(s, facts) for s in ranked)
        return f"Au {_classement(facts)}, le {group} place {schools} : {listed}."
    among = ""
    if (total := facts.edition.country_institutions) and facts.ranked_in_country:
        institutions = institutions_of(facts.country, LANGUAGE)
        among = f", parmi les {counted(total, institutions, LANGUAGE)} classés"
    verb = "figure" if n == 1 else "figurent"
    sentences: list[Wordings] = [
        f"Cette année, {schools} du {group} {verb} au {_classement(facts)}{among}."
    ]
    if leaders := facts.country_leaders:
        names = join([s.name for s in leaders], LANGUAGE)
        institutions = institutions_of(facts.country, LANGUAGE)
        several = len(leaders) > 1
        if cases.joint_first(facts):
            verb = "sont" if several else "est"
            sentences.append(f"{names} {verb} à égalité en tête des {institutions}.")
        else:
            sentences.append(
                (
                    f"{names} arrive{'nt' if several else ''} en tête des {institutions}.",
                    f"En tête des {institutions} : {names}.",
                )
            )
    if newcomers := facts.newcomers:
        names = join([s.name for s in newcomers], LANGUAGE)
        verb = "fait son entrée" if len(newcomers) == 1 else "font leur entrée"
        sentences.append(
            (f"{names} {verb} au classement.", f"Nouveau venu au classement : {names}.")
        )
    return paragraph(sentences)


def ranking_heading(facts: ReleaseFacts) -> str:
    n = len(facts.ranked_schools)
    if subject_tables_only(facts):
        n = len(reported(facts))
        schools = "Une école" if n == 1 else capitalised(counted(n, "écoles", LANGUAGE))
        return f"{schools} du {_group(facts)} dans les classements par discipline"
    if n == 0:
        return f"Aucune école du {_group(facts)} au classement général"
    if n == 1:
        return f"Une école du {_group(facts)} au classement"
    return capitalised(f"{counted(n, 'écoles', LANGUAGE)} du {_group(facts)} au classement")


def size(facts: ReleaseFacts) -> str:
    """ "L’édition 2021 classe 1 526 établissements (1 397 en 2020)." / "167 écoles ont été
    évaluées (160 en 2019)." pour un classement national."""
    now = facts.edition.institutions_ranked
    if not now:
        return ""
    before = facts.previous.institutions_ranked if facts.previous else None
    compared = f" ({number(before, LANGUAGE)} en {facts.previous.year})" if before else ""
    if facts.ranking.national:
        return f"{capitalised(counted(now, 'écoles', LANGUAGE))} ont été évaluées{compared}."
    return (
        f"L’édition {facts.edition.year} classe "
        f"{counted(now, 'établissements', LANGUAGE)}{compared}."
    )


def _places(n: int) -> str:
    return counted(n, "place" if n == 1 else "places", LANGUAGE, feminine=True)


def overall(school: SchoolFacts, facts: ReleaseFacts) -> str:
    now, before, name = school.rank, school.previous_rank, school.name
    year = facts.edition.year
    previous_year = facts.previous.year if facts.previous else None
    moved = places_moved(school)
    match cases.overall(school, facts):
        case Overall.UP if moved:
            return (
                f"{name} gagne {_places(moved)} et se classe {place(now)} "
                f"({place(before)} en {previous_year})."
            )
        case Overall.DOWN if moved:
            return (
                f"{name} perd {_places(-moved)} et se classe {place(now)} "
                f"({place(before)} en {previous_year})."
            )
        case Overall.UP:
            return (
                f"{name} progresse de {rank_phrase(before)} en {previous_year} "
                f"à {rank_phrase(now)} en {year}."
            )
        case Overall.DOWN:
            return (
                f"{name} passe de {rank_phrase(before)} en {previous_year} "
                f"à {rank_phrase(now)} en {year}."
            )
        case Overall.KEPT if now.is_exact:
            tie = " ex æquo" if now.tie else ""
            return f"{name} conserve sa {ordinal(now.low, LANGUAGE, feminine=True)} place{tie}."
        case Overall.KEPT:
            world = "" if facts.ranking.national else " mondial"
            top = f", dans le top {number(now.high, LANGUAGE)}{world}" if now.high else ""
            return f"{name} conserve sa place dans {rank_phrase(now)}{top}."
        case Overall.OVERLAP:
            return (
                f"{name} figure {in_rank(now)} en {year}, après {rank_phrase(before)} "
                f"en {previous_year}."
            )
        case Overall.NEW:
            return f"{name} entre au classement {in_rank(now)}."
        case Overall.RANKED:
            return f"{name} se classe {place(now) if now.is_exact else in_rank(now)}."
        case Overall.LEFT | Overall.LEFT_OVERALL_ONLY if school.listed:
            return f"{name} n’a pas de rang général en {year} ({place(before)} en {previous_year})."
        case Overall.LEFT | Overall.LEFT_OVERALL_ONLY:
            return (
                f"{name}, {place(before)} en {previous_year}, ne figure pas au classement {year}."
            )
    return (
        f"{name} n’a pas de rang général en {year} mais figure dans des classements par discipline."
    )


def national(school: SchoolFacts, facts: ReleaseFacts) -> Wordings:
    """ "L’école est 10e parmi les établissements français, contre 12e en 2020." """
    case = national_move(school)
    if case is None:
        return ""
    joint = " ex æquo" if school.national_rank_shared else ""
    now = f"{ordinal(school.national_rank, LANGUAGE, feminine=True)}{joint}"
    institutions = institutions_of(school.country, LANGUAGE)
    before = school.previous_national_rank
    previous_year = facts.previous.year if facts.previous else None
    match case:
        case National.UP | National.DOWN:
            then = f", contre {ordinal(before, LANGUAGE, feminine=True)} en {previous_year}"
        case National.SAME:
            then = f", comme en {previous_year}"
        case _:
            then = ""
    text = f"est {now} parmi les {institutions}{then}"
    return (f"L’école {text}.", f"Au niveau national, l’école {text}.")


def _subject(standing: SubjectStanding) -> str:
    """ "dans la tranche 151–175 en informatique, sur 827 classés" """
    where = f"en {running_name(standing.name(LANGUAGE))}"
    if standing.rank.is_exact:
        text = f"{place(standing.rank, feminine=True)} {where}"
    else:
        text = f"dans la tranche {band(standing.rank)} {where}"
    return f"{text}, sur {number(standing.size, LANGUAGE)} classés" if standing.size else text


def subjects(standings: tuple[SubjectStanding, ...], name: str = "") -> Wordings:
    """ "Dans les classements par discipline, l’école est dans la tranche 151–175 en
    informatique, sur 827 classés ; …": the school's name when the sentence opens its
    paragraph."""
    if not standings:
        return ""
    tables = "le classement" if len(standings) == 1 else "les classements"
    items = [_subject(s) for s in standings]
    listed = " ; ".join(items) if any(s.size for s in standings) else join(items, LANGUAGE)
    who = name or "l’école"
    return (
        f"Dans {tables} par discipline, {who} est {listed}.",
        f"{capitalised(who)} est {listed} dans {tables} par discipline.",
    )
