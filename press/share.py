"""The share pack of a release: a post for X, a longer one for LinkedIn, in English and
French, and the card image, all from the same facts as the release itself.

Plain functions: facts in, text (or PNG bytes) out, no request and no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.cards import Colours, render_card

from .facts import ReleaseFacts, SchoolFacts
from .generator import LANGUAGES
from .typography import WORD_JOINER, institutions_of

X_LIMIT = 280
# The group's colours on its cards (IMT's navy and gold). No Group field holds them yet.
GROUP_COLOURS = Colours()
# X counts every link as 23 characters whatever its length (t.co); the posts here count the
# link as written, which is never less for a site's address: a post within 280 here fits there.
HASHTAGS = {"en": "#SDGs #ImpactRankings", "fr": "#ODD #ImpactRankings"}


@dataclass(frozen=True)
class SharePack:
    language: str
    x_post: str
    linkedin_post: str
    headline: str


def _plain(text: str) -> str:
    # Word joiners keep bands whole on a page; in a post they are invisible characters.
    return text.replace(WORD_JOINER, "")


def school_line(school: SchoolFacts, language: str) -> str:
    """ "IMT Atlantique: 101–200, 1st among French institutions" """
    say = LANGUAGES[language]
    place = say.rank_phrase(school.rank)
    if school.national_rank == 1:
        institutions = institutions_of(school.country, language)
        first = "1re des" if language == "fr" else "first among"
        place += f", {first} {institutions}"
    separator = " : " if language == "fr" else ": "
    return _plain(say.finish(f"{school.name}{separator}{place}"))


def headline(facts: ReleaseFacts, language: str) -> str:
    """The release's one fact for a card or a post: the group's school first in the country,
    else its best-ranked school, else the title."""
    say = LANGUAGES[language]
    school = facts.country_leader or next(iter(facts.ranked_schools), None)
    if school is None:
        return _plain(say.finish(say.title(facts)))
    return school_line(school, language)


def x_post(facts: ReleaseFacts, language: str, url: str) -> str:
    """At most 280 characters: the title, the headline, the link, hashtags if they fit."""
    say = LANGUAGES[language]
    title = _plain(say.finish(say.title(facts)))
    fact = headline(facts, language)
    handle = f" @{facts.social_handle}" if facts.social_handle else ""
    for text in (
        f"{title}{handle}\n{fact}\n{url}\n{HASHTAGS[language]}",
        f"{title}{handle}\n{fact}\n{url}",
        f"{title}\n{url}",
    ):
        if len(text) <= X_LIMIT:
            return text
    room = X_LIMIT - len(url) - 2
    return f"{title[: room - 1].rstrip()}…\n{url}"


def linkedin_post(facts: ReleaseFacts, language: str, url: str) -> str:
    """The title, the release's lead, one line per ranked school, the link and hashtags."""
    say = LANGUAGES[language]
    parts = [_plain(say.finish(say.title(facts))), _plain(say.finish(say.lead(facts)))]
    lines = [f"• {school_line(s, language)}" for s in facts.ranked_schools]
    if lines:
        parts.append("\n".join(lines))
    more = "Le communiqué complet" if language == "fr" else "The full release"
    separator = "\u00a0: " if language == "fr" else ": "
    parts.append(f"{more}{separator}{url}")
    parts.append(HASHTAGS[language])
    return "\n\n".join(p for p in parts if p)


def share_pack(facts: ReleaseFacts, language: str, url: str) -> SharePack:
    return SharePack(
        language,
        x_post(facts, language, url),
        linkedin_post(facts, language, url),
        headline(facts, language),
    )


def release_card(facts: ReleaseFacts, language: str, colours: Colours = GROUP_COLOURS) -> bytes:
    """The release's card: the group and edition above, the headline fact large."""
    title = f"{facts.group_name} · {facts.ranking_name} {facts.edition.year}"
    footer = facts.website.removeprefix("https://").removeprefix("http://").rstrip("/")
    return render_card(
        title=title, headline=headline(facts, language), footer=footer, colours=colours
    )
