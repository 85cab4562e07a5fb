"""The release about any ranking but THE Impact: no SDG in it, positions moved in places,
bands kept, the national position, subject tables with their sizes, and for a national
ranking the group's schools listed one by one, as the office lists them.

As for THE Impact, `cases` and `ranking_cases` decide and `rankings_en` / `rankings_fr`
phrase; `write_parts` returns the title, intro and sections that `write_release` assembles.
"""

from __future__ import annotations

from types import ModuleType
from typing import NamedTuple

from ..facts import ReleaseFacts, SchoolFacts
from . import rankings_en, rankings_fr
from .prose import paragraph
from .ranking_cases import reported, subject_tables_only

PHRASING: dict[str, ModuleType] = {"en": rankings_en, "fr": rankings_fr}


class Part(NamedTuple):
    heading: str
    paragraphs: tuple[str, ...]
    level: int = 2


class Parts(NamedTuple):
    title: str
    intro: tuple[str, ...]
    sections: tuple[Part, ...]


def school_paragraph(school: SchoolFacts, facts: ReleaseFacts, language: str) -> str:
    say = PHRASING[language]
    subjects = facts.ranking.subjects_of(school.slug)
    if subject_tables_only(facts):  # the subject tables are all there is to say
        return paragraph([say.subjects(subjects, school.name)])
    sentences = [say.overall(school, facts)]
    if not facts.ranking.national:  # a national ranking's position is the national one
        sentences.append(say.national(school, facts))
    sentences.append(say.subjects(subjects))
    return paragraph(sentences)


def write_parts(facts: ReleaseFacts, language: str) -> Parts:
    say = PHRASING[language]
    finish = say.finish
    intro = [say.lead(facts), facts.measures(language)]
    size = tuple(finish(p) for p in [say.size(facts)] if p)
    sections = [Part(finish(say.ranking_heading(facts)), size)]
    sections += [
        Part(school.name, (finish(school_paragraph(school, facts, language)),), level=3)
        for school in reported(facts)
    ]
    return Parts(
        title=finish(say.title(facts)),
        intro=tuple(finish(p) for p in intro if p),
        sections=tuple(sections),
    )
