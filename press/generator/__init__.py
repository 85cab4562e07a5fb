"""The press release, written from facts: plain functions, no request and no templates.

`write_release(facts, language)` lays the release out (which sections, which sentences, in
which order); `cases` decides what each sentence has to say; the language modules (`en`,
`fr`) say it, every sentence written by hand in each language. Nothing here is keyed to a school's name: every sentence follows from data.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from ..facts import ContactFacts, ReleaseFacts, SchoolFacts
from ..typography import WORD_JOINER
from . import en, fr, rankings
from .prose import paragraph

LANGUAGES: dict[str, ModuleType] = {"en": en, "fr": fr}


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    level: int = 2


@dataclass(frozen=True)
class Release:
    language: str
    title: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...]
    about_heading: str
    about: str
    website: str
    social_handle: str
    social_url: str
    contacts_heading: str
    contacts: tuple[ContactFacts, ...]


def school_paragraph(school: SchoolFacts, facts: ReleaseFacts, language: str) -> str:
    say = LANGUAGES[language]
    return paragraph(
        [
            say.overall(school, facts),
            say.national(school, facts),
            say.category(school),
            say.sdgs(school),
            say.first_in_country(school),
        ]
    )


def write_release(facts: ReleaseFacts, language: str) -> Release:
    """The whole release for one language, from the facts alone."""
    if facts.ranking is not None:  # any ranking but THE Impact: no SDG in its release
        return _ranking_release(facts, language)
    say = LANGUAGES[language]
    finish = say.finish
    intro = [say.lead(facts), facts.measures(language) or say.measures_default()]
    sections = [
        Section(
            finish(say.ranking_heading(facts)),
            tuple(filter(None, [say.edition_size(facts), finish(say.sdg_places(facts))])),
        )
    ]
    sections += [
        Section(school.name, (finish(school_paragraph(school, facts, language)),), level=3)
        for school in facts.schools
    ]
    if facts.sdg_table_sizes():  # the SDG by SDG list says how large each table is
        tables = tuple(finish(say.sdg_table(first, found)) for first, found in facts.sdg_tables())
        sections.append(Section(finish(say.sdg_by_sdg_heading(facts)), tables))
    return Release(
        language=language,
        title=finish(say.title(facts)),
        intro=tuple(finish(p) for p in intro if p),
        sections=tuple(sections),
        # No "About" heading with nothing under it.
        about_heading=finish(say.about_heading(facts.group_name, facts.group_short_name))
        if facts.about(language) or facts.website or facts.social_handle
        else "",
        about=finish(facts.about(language)),
        website=facts.website,
        social_handle=f"@{facts.social_handle}" if facts.social_handle else "",
        social_url=facts.social_url,
        contacts_heading=finish(say.contacts_heading(len(facts.contacts))),
        contacts=facts.contacts,
    )


def _ranking_release(facts: ReleaseFacts, language: str) -> Release:
    """The release about any ranking but THE Impact: its own sentences (`rankings`), the same
    About and contacts."""
    say = LANGUAGES[language]
    finish = say.finish
    parts = rankings.write_parts(facts, language)
    return Release(
        language=language,
        title=parts.title,
        intro=parts.intro,
        sections=tuple(Section(*part) for part in parts.sections),
        about_heading=finish(say.about_heading(facts.group_name, facts.group_short_name))
        if facts.about(language) or facts.website or facts.social_handle
        else "",
        about=finish(facts.about(language)),
        website=facts.website,
        social_handle=f"@{facts.social_handle}" if facts.social_handle else "",
        social_url=facts.social_url,
        contacts_heading=finish(say.contacts_heading(len(facts.contacts))),
        contacts=facts.contacts,
    )


def body_text(release: Release, *, marked: bool = True) -> str:
    """The part editors edit: intro and sections, "## " and "### " marking headings."""
    blocks = list(release.intro)
    for section in release.sections:
        marker = "#" * section.level + " " if marked else ""
        blocks.append(marker + section.heading)
        blocks.extend(section.paragraphs)
    return "\n\n".join(blocks)


def contact_lines(contact: ContactFacts, language: str) -> list[str]:
    lines = [contact.organisation, contact.name, contact.role(language)]
    lines.append(" / ".join(contact.phones))
    lines.append(contact.email)
    return [line for line in lines if line]


def plain_text(release: Release) -> str:
    """The release as the office sends it by e-mail: title, body, about, contacts."""
    parts = [release.title, body_text(release, marked=False)]
    parts += [p for p in (release.about_heading, release.website, release.about) if p]
    parts += [release.social_handle] if release.social_handle else []
    if release.contacts:
        parts.append(release.contacts_heading)
        parts += ["\n".join(contact_lines(c, release.language)) for c in release.contacts]
    # E-mail clients wrap as they like: the word joiners that keep bands whole are left out.
    return "\n\n".join(parts).replace(WORD_JOINER, "") + "\n"
