"""Writes to press releases: generate, regenerate, publish, schedule, withdraw, restore,
and the optional review (submit, approve, send back).

Each records a revision, so the history says who did what and when.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.slugs import free_slug
from rankings.models import Edition
from schools.models import Group

from .facts import release_facts
from .generator import Release, body_text, write_release
from .models import SENT_BACK, EditorialBlock, PressRelease, Revision, dated_note
from .selectors import contact_cards
from .snapshot import FactChange, changed_facts, fact_lines

User = AbstractBaseUser | None


def _unique_slug(base: str, languages: Sequence[str]) -> str:
    """The first free slug in every language, so that the versions generated together share
    their web address."""
    return free_slug(
        base, lambda slug: PressRelease.objects.filter(language__in=languages, slug=slug).exists()
    )


TEXT_FIELDS = ("title", "body", "about")


def _written_text(written: Release) -> dict[str, str]:
    return {"title": written.title, "body": body_text(written), "about": written.about}


def _apply(release: PressRelease, written: Release) -> None:
    release.generated = _written_text(written)
    for name, text in release.generated.items():
        setattr(release, name, text)


@dataclass(frozen=True)
class RewritePart:
    """One part of a draft (the title, a paragraph of the body, the About paragraph) as the
    data wrote it last time (base), as it is now (mine), and as today's data writes it."""

    key: str
    base: str
    mine: str
    data: str

    @property
    def edited(self) -> bool:
        return self.mine != self.base

    @property
    def data_changed(self) -> bool:
        return self.data != self.base and self.data != self.mine

    @property
    def conflict(self) -> bool:
        """Both the editor and the data changed it: the editor chooses."""
        return self.edited and self.data_changed

    def merged(self, choice: str | None = None) -> str:
        if self.conflict:
            return self.data if choice == "data" else self.mine
        return self.mine if self.edited else self.data


def _base_text(release: PressRelease) -> dict[str, str]:
    """The text the data wrote last; for a release generated before that was kept, its last
    generation's revision."""
    if release.generated:
        return release.generated
    revision = release.revisions.filter(
        note__in=["Generated from the data", "Rewritten from the data"]
    ).first()
    # Written by hand: all of it is the editor's.
    content = revision.content if revision else {}
    return {name: content.get(name, "") for name in TEXT_FIELDS}


def _split(text: str) -> list[str]:
    return text.split("\n\n")


def rewrite_parts(release: PressRelease) -> list[RewritePart]:
    """A three-way comparison of the draft's text with today's data. The body is compared
    paragraph by paragraph when its paragraphs still line up (the usual case: the editor
    reworded some, the data changed others), else as a whole."""
    base = _base_text(release)
    data = _written_text(
        write_release(release_facts(release.group, release.edition), release.language)
    )
    parts = []
    for name in TEXT_FIELDS:
        mine = getattr(release, name)
        pieces = [_split(base.get(name, "")), _split(mine), _split(data[name])]
        if name == "body" and len({len(p) for p in pieces}) == 1:
            parts += [
                RewritePart(f"body.{i}", *texts)
                for i, texts in enumerate(zip(*pieces, strict=True))
            ]
        else:
            parts.append(RewritePart(name, base.get(name, ""), mine, data[name]))
    return parts


@transaction.atomic
def regenerate(
    *, release: PressRelease, user: User, choices: dict[str, str] | None = None
) -> PressRelease:
    """Rewrite a draft's text from today's data, keeping the editor's own edits: a part the
    editor changed stays as the editor wrote it, unless choices (part key: "data") say to
    take the data's text there. Editorial blocks are kept."""
    if release.status != PressRelease.Status.DRAFT:
        raise ValidationError(_("Only a draft can be rewritten from the data; withdraw it first."))
    choices = choices or {}
    parts = rewrite_parts(release)
    body = [part.merged(choices.get(part.key)) for part in parts if part.key.startswith("body")]
    for part in parts:
        if not part.key.startswith("body"):
            setattr(release, part.key, part.merged(choices.get(part.key)))
    release.body = "\n\n".join(body)
    release.generated = {
        "title": parts[0].data,
        "body": "\n\n".join(p.data for p in parts if p.key.startswith("body")),
        "about": parts[-1].data,
    }
    release.save()
    record_revision(release=release, user=user, note="Rewritten from the data")
    return release


def record_revision(*, release: PressRelease, user: User, note: str) -> Revision | None:
    """Keep the release's current text, unless it is the same as the last revision's and
    nothing else (publishing, scheduling) happened."""
    content = release.content()
    last = release.revisions.order_by("-created_at", "-pk").first()
    if last is not None and last.content == content and note == "Edited":
        return None
    if release.approved_at and last is not None and last.content != content:
        # The approval was given to the text as it was: an edit needs a new one.
        release.approved_at = release.approved_by = None
        release.save(update_fields=["approved_at", "approved_by", "updated_at"])
    return Revision.objects.create(release=release, author=user, note=note, content=content)


@transaction.atomic
def generate_drafts(
    *, group: Group, edition: Edition, languages: Sequence[str], user: User
) -> list[PressRelease]:
    """New drafts written from the data, one per language, sharing one slug."""
    base = slugify(f"{group.slug} {edition.year} {edition.ranking.slug}")[:190]
    slug = _unique_slug(base, languages)
    facts = release_facts(group, edition)
    drafts = []
    for language in languages:
        release = PressRelease(group=group, edition=edition, language=language, slug=slug)
        _apply(release, write_release(facts, language))
        release.save()
        record_revision(release=release, user=user, note="Generated from the data")
        drafts.append(release)
    return drafts


def generate_draft(*, group: Group, edition: Edition, language: str, user: User) -> PressRelease:
    """A new draft in one language."""
    return generate_drafts(group=group, edition=edition, languages=[language], user=user)[0]


def _freeze(release: PressRelease) -> None:
    """What a public release says stays as it was published: its facts, and its contacts."""
    release.facts_snapshot = fact_lines(release_facts(release.group, release.edition))
    release.contacts_snapshot = None
    release.contacts_snapshot = [asdict(card) for card in contact_cards(release)]


def _check_edition_embargo(release: PressRelease, moment: datetime.datetime) -> None:
    """A release may not make its edition's results public before the edition itself."""
    edition = release.edition
    if edition.published_at is None:
        raise ValidationError(
            _(
                "%(edition)s has no publication moment yet: set it on the edition first, then "
                "schedule the release for it."
            )
            % {"edition": edition}
        )
    if moment < edition.published_at:
        raise ValidationError(
            _(
                "%(edition)s is under embargo until %(moment)s: schedule the release for that "
                "moment or later."
            )
            % {
                "edition": edition,
                "moment": formats.date_format(
                    timezone.localtime(edition.published_at), "DATETIME_FORMAT"
                ),
            }
        )


def _check_approval(release: PressRelease, user: User) -> None:
    if release.needs_approval_of(user) and release.review() != PressRelease.Review.APPROVED:
        raise ValidationError(
            _(
                "%(group)s’s press releases need approval: submit this one for review and have "
                "another editor approve it before publishing or scheduling it."
            )
            % {"group": release.group}
        )


@transaction.atomic
def publish(
    *,
    release: PressRelease,
    user: User,
    now: datetime.datetime | None = None,
    lift_embargo: bool = False,
) -> PressRelease:
    """Publish now, or at the embargo date if one is set and still to come (unless the
    embargo is lifted)."""
    _check_approval(release, user)
    now = now or timezone.now()
    # An embargo already past (left by a failed scheduling, or kept by a withdrawal) would
    # backdate the release: it becomes public now.
    if lift_embargo or (release.embargo_until and release.embargo_until <= now):
        release.embargo_until = None
    _check_edition_embargo(release, release.embargo_until or now)
    release.status = PressRelease.Status.PUBLISHED
    release.published_at = now
    _freeze(release)
    release.save()
    record_revision(release=release, user=user, note="Published")
    return release


@transaction.atomic
def schedule(
    *,
    release: PressRelease,
    user: User,
    embargo_until: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> PressRelease:
    """Make the release public by itself at its embargo date; without one, at the moment its
    edition becomes public, if that is still to come."""
    _check_approval(release, user)
    now = now or timezone.now()
    edition_moment = release.edition.published_at
    embargo = embargo_until or release.embargo_until
    if embargo is None and edition_moment and edition_moment > now:
        embargo = edition_moment
    if embargo is None:
        raise ValidationError(_("Set an embargo date and time to schedule the release."))
    if embargo <= now:
        raise ValidationError(_("The embargo date is in the past: publish the release instead."))
    _check_edition_embargo(release, embargo)
    release.status = PressRelease.Status.SCHEDULED
    release.embargo_until = embargo
    release.published_at = None
    _freeze(release)
    release.save()
    record_revision(
        release=release,
        user=user,
        note=dated_note("Scheduled for", embargo),
    )
    return release


@transaction.atomic
def withdraw(*, release: PressRelease, user: User) -> PressRelease:
    """Back to draft: the public no longer sees it."""
    release.status = PressRelease.Status.DRAFT
    release.published_at = None
    release.facts_snapshot = None
    release.contacts_snapshot = None
    release.save()
    record_revision(release=release, user=user, note="Withdrawn to draft")
    return release


@transaction.atomic
def restore(*, revision: Revision, user: User) -> PressRelease:
    """Put a revision's text back (title, body, about, editorial blocks)."""
    release = revision.release
    content = revision.content
    release.title = content["title"]
    release.body = content["body"]
    release.about = content.get("about", "")
    release.save()
    release.blocks.all().delete()
    for block in content.get("blocks", []):
        EditorialBlock.objects.create(release=release, **block)
    record_revision(
        release=release, user=user, note=dated_note("Restored the text of", revision.created_at)
    )
    return release


def _draft_only(release: PressRelease) -> None:
    if release.status != PressRelease.Status.DRAFT:
        raise ValidationError(_("Only a draft can be reviewed; withdraw it first."))


@transaction.atomic
def submit_for_review(
    *, release: PressRelease, user: User, now: datetime.datetime | None = None
) -> PressRelease:
    """Ask another editor to approve the draft before it is published or scheduled."""
    _draft_only(release)
    if release.review() != PressRelease.Review.NONE:
        raise ValidationError(_("This release is already submitted for review."))
    release.submitted_by = user
    release.submitted_at = now or timezone.now()
    release.save()
    record_revision(release=release, user=user, note="Submitted for review")
    return release


@transaction.atomic
def approve(
    *, release: PressRelease, user: User, now: datetime.datetime | None = None
) -> PressRelease:
    """Approve a submitted draft: by anyone but its submitter."""
    _draft_only(release)
    if release.review() != PressRelease.Review.SUBMITTED:
        raise ValidationError(_("Only a release submitted for review can be approved."))
    if user is None or user.pk == release.submitted_by_id:
        raise ValidationError(_("You submitted this release: another editor has to approve it."))
    release.approved_by = user
    release.approved_at = now or timezone.now()
    release.save()
    record_revision(release=release, user=user, note="Approved")
    return release


@transaction.atomic
def send_back(*, release: PressRelease, user: User, reason: str) -> PressRelease:
    """Reject a submitted (or approved) draft: back to an unsubmitted draft, with the reason
    in the history."""
    _draft_only(release)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say what should change, for the editor who submitted it."))
    if release.review() == PressRelease.Review.NONE:
        raise ValidationError(_("This release is not submitted for review."))
    release.submitted_by = release.approved_by = None
    release.submitted_at = release.approved_at = None
    release.save()
    note = (SENT_BACK + reason)[: Revision._meta.get_field("note").max_length]
    record_revision(release=release, user=user, note=note)
    return release


def facts_changed_since(release: PressRelease) -> list[FactChange]:
    """Facts that differ between the published snapshot and the data now."""
    if not release.facts_snapshot:
        return []
    current = fact_lines(release_facts(release.group, release.edition))
    return changed_facts(release.facts_snapshot, current)
