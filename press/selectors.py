"""Reads for the press pages: each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from schools.models import PressContact

from .generator import LANGUAGES
from .labels import labels
from .models import EditorialBlock, PressRelease


@dataclass(frozen=True)
class TextBlock:
    """A heading (level 2 or 3) or a paragraph (level 0) of a release's body."""

    text: str
    level: int = 0

    @property
    def is_heading(self) -> bool:
        return self.level > 0


HEADING_MARKS = {"### ": 3, "## ": 2}


def _blocks(chunk: str) -> list[TextBlock]:
    """One chunk between empty lines: a paragraph, or a heading line and what follows it
    (an editor may forget the empty line after a heading)."""
    first, _, more = chunk.partition("\n")
    for mark, level in HEADING_MARKS.items():
        if first.startswith(mark):
            blocks = [TextBlock(first.removeprefix(mark).strip(), level)]
            return blocks + ([TextBlock(more.strip())] if more.strip() else [])
    return [TextBlock(chunk)]


def parse_body(body: str) -> tuple[list[TextBlock], list[TextBlock]]:
    """The body as blocks, split into the introduction (before the first heading) and the
    rest, so editorial blocks can go between them."""
    intro: list[TextBlock] = []
    rest: list[TextBlock] = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        if not chunk.strip():
            continue
        for block in _blocks(chunk.strip()):
            (rest if rest or block.is_heading else intro).append(block)
    return intro, rest


def public_releases(language: str) -> QuerySet[PressRelease]:
    return (
        PressRelease.objects.public()
        .in_language(language)
        .select_related("group", "edition__ranking")
        .latest_first()
    )


@dataclass(frozen=True)
class Phone:
    number: str
    tel_uri: str
    label: str = ""  # in the release's language; snapshots taken before labels have none


@dataclass(frozen=True)
class ContactCard:
    """A press contact as a release prints it, in the release's language."""

    name: str
    role: str
    organisation: str
    email: str
    phones: tuple[Phone, ...]

    @classmethod
    def of(cls, contact: PressContact, language: str) -> ContactCard:
        return cls(
            name=contact.name,
            role=getattr(contact, f"role_{language}", "") or contact.role_en or "",
            organisation=contact.organisation,
            email=contact.email,
            phones=tuple(
                Phone(p.number, p.tel_uri, p.label_in(language)) for p in contact.phones.all()
            ),
        )

    @classmethod
    def from_snapshot(cls, data: dict) -> ContactCard:
        phones = tuple(Phone(**phone) for phone in data["phones"])
        return cls(**{**data, "phones": phones})


def contact_cards(release: PressRelease) -> list[ContactCard]:
    """The contacts a release prints: frozen when it was published or scheduled, so that a
    later edit (or import) of the contacts cannot change what a public release says."""
    if release.contacts_snapshot is not None:
        return [ContactCard.from_snapshot(data) for data in release.contacts_snapshot]
    contacts = PressContact.objects.filter(group_id=release.group_id).prefetch_related("phones")
    return [ContactCard.of(contact, release.language) for contact in contacts]


@dataclass
class ReleasePage:
    release: PressRelease
    intro: list[TextBlock]
    rest: list[TextBlock]
    blocks_after_intro: list[EditorialBlock]
    blocks_after_schools: list[EditorialBlock]
    contacts: list[ContactCard]
    translation: PressRelease | None
    labels: dict[str, str]
    about_heading: str
    contacts_heading: str
    preview: bool = False
    json_ld: dict = field(default_factory=dict)

    @property
    def description(self) -> str:
        return self.intro[0].text if self.intro else self.release.title


def release_page(release: PressRelease, *, preview: bool = False) -> ReleasePage:
    """Everything a release's page shows, in four queries after the release itself."""
    blocks = list(release.blocks.all())
    contacts = contact_cards(release)
    sibling = (
        PressRelease.objects.public()
        .filter(group_id=release.group_id, edition_id=release.edition_id)
        .exclude(language=release.language)
        .order_by("-pk")
        .first()
    )
    intro, rest = parse_body(release.body)
    say, group = LANGUAGES[release.language], release.group
    return ReleasePage(
        release=release,
        intro=intro,
        rest=rest,
        blocks_after_intro=[b for b in blocks if b.position == b.Position.AFTER_INTRO],
        blocks_after_schools=[b for b in blocks if b.position == b.Position.AFTER_SCHOOLS],
        contacts=contacts,
        translation=sibling,
        labels=labels(release.language),
        about_heading=say.finish(say.about_heading(group.name, group.short_name or group.name)),
        contacts_heading=say.finish(say.contacts_heading(len(contacts))),
        preview=preview,
    )


def json_ld(page: ReleasePage, *, url: str) -> dict:
    """schema.org NewsArticle for search engines and news aggregators."""
    release = page.release
    group = release.group
    organisation = {"@type": "Organization", "name": group.name}
    if group.website:
        organisation["url"] = group.website
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.title,
        "description": page.description,
        "inLanguage": release.language,
        "url": url,
        "mainEntityOfPage": url,
        "author": organisation,
        "publisher": organisation,
        "dateModified": release.updated_at.isoformat(),
    }
    if release.public_since:
        data["datePublished"] = release.public_since.isoformat()
    return data


def language_urls(page: ReleasePage) -> dict[str, str]:
    """The release in each language: its public translation, or else that language's press
    list (the switcher and the hreflang links must never lead to a page that does not exist)."""
    urls = {page.release.language: page.release.get_absolute_url()}
    if page.translation is not None:
        urls[page.translation.language] = page.translation.get_absolute_url()
    for code, _name in settings.LANGUAGES:
        if code not in urls:
            with translation.override(code):
                urls[code] = reverse("press:list")
    return urls
