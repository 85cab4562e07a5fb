"""The facts a published release froze, line by line, and what has changed in the data since.

`fact_lines` turns a release's facts into labelled lines (stored with the release when it is
published); `changed_facts` compares them with today's; the generator's "why this sentence"
names the lines each sentence rests on with the same labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from rankings.ranks import Rank

from .facts import ReleaseFacts, SchoolFacts


# The labels of fact_lines, shared with the generator's "why this sentence".
def edition_key(year: int) -> str:
    return f"Institutions ranked in {year}"


def country_key(country: str, year: int) -> str:
    return f"Institutions of {country} ranked in {year}"


def sdg_table_key(number: int, year: int) -> str:
    return f"Institutions ranked in SDG {number} in {year}"


def school_key(school: SchoolFacts, what: str) -> str:
    """ "IMT Atlantique: overall rank"; `what` is one of "overall rank", "previous overall
    rank", "national rank", "SDG 7", or "rank among business institutions"."""
    return f"{school.name}: {what}"


def category_what(school: SchoolFacts) -> str:
    return f"rank among {school.category} institutions"


def _rank_text(rank: Rank | None) -> str:
    return str(rank) if rank is not None else "not ranked"


def fact_lines(facts: ReleaseFacts) -> dict[str, str]:
    """The facts as labelled lines: what a published release keeps, and what the admin
    compares to say which facts changed since."""
    lines: dict[str, str] = {}
    for edition in (facts.edition, facts.previous):
        if edition is None:
            continue
        lines[edition_key(edition.year)] = str(edition.institutions_ranked or "")
        lines[country_key(facts.country, edition.year)] = str(edition.country_institutions or "")
    for number, size in sorted(facts.sdg_table_sizes().items()):
        lines[sdg_table_key(number, facts.edition.year)] = str(size)
    for school in facts.schools:
        lines[school_key(school, "overall rank")] = _rank_text(school.rank)
        lines[school_key(school, "previous overall rank")] = _rank_text(school.previous_rank)
        joint = "=" if school.national_rank_shared else ""
        lines[school_key(school, "national rank")] = f"{joint}{school.national_rank or ''}"
        if school.category_rank is not None:  # absent from snapshots taken without categories
            joint = "=" if school.category_rank_shared else ""
            lines[school_key(school, category_what(school))] = f"{joint}{school.category_rank}"
        for standing in school.sdgs:
            national = f" (national {standing.national_rank})" if standing.national_rank else ""
            lines[school_key(school, f"SDG {standing.number}")] = f"{standing.rank}{national}"
    for school in facts.schools if facts.ranking else ():
        for subject in facts.ranking.subjects_of(school.slug):
            size = f" (of {subject.size})" if subject.size else ""
            lines[school_key(school, subject.name_en)] = f"{subject.rank}{size}"
    return lines


@dataclass(frozen=True)
class FactChange:
    fact: str
    before: str
    after: str


def changed_facts(snapshot: dict[str, str], current: dict[str, str]) -> list[FactChange]:
    missing = "—"
    return [
        FactChange(key, snapshot.get(key, missing), current.get(key, missing))
        for key in [*snapshot, *(k for k in current if k not in snapshot)]
        if snapshot.get(key) != current.get(key)
    ]
