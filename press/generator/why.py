"""Why this sentence: each generated sentence with the facts it rests on (the keys of
`fact_lines`), for the admin to show, and to say which sentences a changed fact affects.

The sentences are the generator's own, chosen as `paragraph` chooses them; the keys follow
what each language function reads from the facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..facts import ReleaseFacts, SchoolFacts
from ..snapshot import category_what, country_key, edition_key, school_key, sdg_table_key
from . import LANGUAGES
from .prose import Wordings, paragraph


@dataclass(frozen=True)
class Explained:
    section: str
    text: str
    facts: tuple[str, ...]  # fact_lines keys


def _editions(facts: ReleaseFacts) -> list[str]:
    editions = [facts.edition] + ([facts.previous] if facts.previous else [])
    return [edition_key(e.year) for e in editions]


def _overall(school: SchoolFacts, facts: ReleaseFacts) -> list[str]:
    return [
        school_key(school, "overall rank"),
        school_key(school, "previous overall rank"),
        *_editions(facts),
    ]


def _national(school: SchoolFacts, facts: ReleaseFacts) -> list[str]:
    return [
        school_key(school, "national rank"),
        school_key(school, "overall rank"),
        country_key(facts.country, facts.edition.year),
    ]


def _category(school: SchoolFacts, facts: ReleaseFacts) -> list[str]:
    return [school_key(school, category_what(school)), school_key(school, "national rank")]


def _sdgs(school: SchoolFacts, facts: ReleaseFacts) -> list[str]:
    return [school_key(school, f"SDG {s.number}") for s in school.sdgs]


def _split(pieces: list[tuple[Wordings, list[str]]], finish: Callable[[str], str]) -> list:
    """The paragraph's sentences as `paragraph` words them, each with its facts."""
    found, before = [], ""
    for i, (_wordings, keys) in enumerate(pieces):
        text = paragraph([w for w, _k in pieces[: i + 1]])
        added = text[len(before) :].strip()
        before = text
        if added:
            found.append((finish(added), tuple(dict.fromkeys(keys))))
    return found


def explain(facts: ReleaseFacts, language: str) -> list[Explained]:
    """The release's sentences about data, each with the facts it rests on."""
    say = LANGUAGES[language]
    explained: list[Explained] = []
    ranking = say.finish(say.ranking_heading(facts))
    every_sdg = [school_key(s, f"SDG {d.number}") for s in facts.schools for d in s.sdgs]
    ranked_keys = [
        key
        for s in facts.ranked_schools
        for key in (school_key(s, "overall rank"), school_key(s, "national rank"))
    ]
    lead = [country_key(facts.country, facts.edition.year), *ranked_keys]
    for section, text, keys in [
        ("", say.lead(facts), lead),
        (ranking, say.edition_size(facts), _editions(facts) + ranked_keys),
        (ranking, say.sdg_places(facts), every_sdg),
    ]:
        if text:
            explained.append(Explained(section, say.finish(text), tuple(dict.fromkeys(keys))))
    for school in facts.schools:
        pieces = [
            (say.overall(school, facts), _overall(school, facts)),
            (say.national(school, facts), _national(school, facts)),
            (say.category(school), _category(school, facts)),
            (say.sdgs(school), _sdgs(school, facts)),
            (say.first_in_country(school), _sdgs(school, facts)),
        ]
        explained += [
            Explained(school.name, text, keys) for text, keys in _split(pieces, say.finish)
        ]
    if facts.sdg_table_sizes():
        heading = say.finish(say.sdg_by_sdg_heading(facts))
        for first, found in facts.sdg_tables():
            keys = [sdg_table_key(first.number, facts.edition.year)] if first.table_size else []
            keys += [school_key(school, f"SDG {first.number}") for school, _s in found]
            explained.append(Explained(heading, say.finish(say.sdg_table(first, found)), keys))
    return explained


def affected(explained: list[Explained], changed: set[str]) -> list[Explained]:
    """The sentences resting on at least one of the changed facts."""
    return [sentence for sentence in explained if changed & set(sentence.facts)]
