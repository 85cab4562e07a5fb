"""Press releases: written from the data, finished by editors, public after their embargo."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rankings.models import Edition
from schools.models import Group

# What editors may put in an editorial block; everything else (scripts, styles, event
# attributes, iframes) is stripped on save and again on display.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "h3"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


class _Markup(HTMLParser):
    """The tags and attributes of a piece of HTML, as sanitise() will judge them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.found.append(f"<{tag}>")
            return
        for name, _value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                self.found.append(gettext("the %(attribute)s attribute") % {"attribute": name})


def removed_parts(html: str) -> list[str]:
    """What sanitise() will drop from `html`, in words an editor can act on, each once."""
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(parser.found))


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    ).strip()


class PressReleaseQuerySet(models.QuerySet):
    def public(self, now=None) -> PressReleaseQuerySet:
        """Releases the public may read: published or scheduled, once the embargo has passed.

        Nobody has to act when the embargo ends: the filter compares with the clock.
        """
        now = now or timezone.now()
        return self.filter(
            Q(status=PressRelease.Status.PUBLISHED, embargo_until__isnull=True)
            | Q(
                status__in=[PressRelease.Status.SCHEDULED, PressRelease.Status.PUBLISHED],
                embargo_until__lte=now,
            ),
            # Never ahead of the edition it reports on, whatever the release's own dates.
            edition__published_at__lte=now,
        )

    def scheduled(self, now=None) -> PressReleaseQuerySet:
        """Releases waiting for their embargo (their own, or their edition's)."""
        public = self.model.objects.public(now).values("pk")
        return self.exclude(status=PressRelease.Status.DRAFT).exclude(pk__in=public)

    def next_embargo(self, now=None) -> datetime.datetime | None:
        """The next moment a release's own embargo ends (its edition's publication moment is
        the edition's clock), if one is set."""
        upcoming = self.exclude(status=PressRelease.Status.DRAFT).filter(
            embargo_until__gt=now or timezone.now()
        )
        return upcoming.order_by("embargo_until").values_list("embargo_until", flat=True).first()

    def in_state(self, state: str, now=None) -> PressReleaseQuerySet:
        if state == PressRelease.State.DRAFT:
            return self.filter(status=PressRelease.Status.DRAFT)
        if state == PressRelease.State.PUBLIC:
            return self.public(now)
        return self.scheduled(now)

    def in_language(self, language: str) -> PressReleaseQuerySet:
        return self.filter(language=language)

    def latest_first(self) -> PressReleaseQuerySet:
        return self.annotate(public_date=Coalesce("embargo_until", "published_at")).order_by(
            models.F("public_date").desc(nulls_last=True), "-pk"
        )


class PressRelease(models.Model):
    """One press release, in one language, about one group's results in one edition.

    The text is stored, never recomputed: once generated, later data edits change it only
    when an editor regenerates a draft. Publishing or scheduling also keeps a snapshot of the
    facts, so the admin can say which of them have changed since.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled (public at the embargo date)")
        PUBLISHED = "published", pgettext_lazy("press release status", "Published")

    class State(models.TextChoices):
        """What the public sees now: the stored status read against the clock. Editors are
        shown this one, everywhere; a scheduled release turns public by itself."""

        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", pgettext_lazy("press release state", "Scheduled")
        PUBLIC = "public", pgettext_lazy("press release state", "Public")

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")

    class Review(models.TextChoices):
        """Where the release stands in its group's optional approval step."""

        NONE = "none", _("Not submitted for review")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")

    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="press_releases", verbose_name=_("group")
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="press_releases", verbose_name=_("edition")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.EN)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        help_text=_(
            "The end of the release's web address. The English and French versions may share it."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(
        _("body"),
        help_text=_(
            "Paragraphs are separated by an empty line. A line starting with “## ” is "
            "a heading, “### ” a sub-heading (one per school). Plain text: no HTML here; use an "
            "editorial block below for links and emphasis."
        ),
    )
    about = models.TextField(
        _("about"), blank=True, help_text=_("The “About” paragraph printed after the release.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT, editable=False
    )
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_(
            "Nothing is public before this date and time; at that moment the release "
            "appears by itself. Required to schedule."
        ),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    generated = models.JSONField(
        _("text as generated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Title, body and About as the data last wrote them: rewriting compares the "
            "editor's text with it, so the editor's own edits are kept."
        ),
    )
    facts_snapshot = models.JSONField(
        _("facts snapshot"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The facts as they were when the release was published or scheduled."),
    )
    contacts_snapshot = models.JSONField(
        _("press contacts snapshot"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The press contacts as the release showed them when it was published or scheduled: "
            "later edits to the contacts do not change a published release."
        ),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted for review by"),
    )
    submitted_at = models.DateTimeField(
        _("submitted for review at"), null=True, blank=True, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-edition__year", "group", "language"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        permissions = [("publish_pressrelease", _("Can publish press releases"))]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="press_release_unique_slug"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "scheduled", "published"]),
                name="press_release_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=["en", "fr"]), name="press_release_language_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(embargo_until__isnull=False),
                name="press_release_scheduled_has_embargo",
                violation_error_message=_("A scheduled release needs an embargo date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="press_release_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(facts_snapshot__isnull=False),
                name="press_release_public_has_snapshot",
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(submitted_at__isnull=False),
                name="press_release_approved_was_submitted",
            ),
            # Approval is a second pair of eyes: never the submitter's own.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(submitted_by__isnull=True)
                | ~Q(approved_by=models.F("submitted_by")),
                name="press_release_approved_by_another",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="press_release_slug_not_blank"),
            models.CheckConstraint(condition=~Q(title=""), name="press_release_title_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("press:detail", kwargs={"slug": self.slug})

    def get_pdf_url(self) -> str:
        with translation.override(self.language):
            return reverse("press:pdf", kwargs={"slug": self.slug})

    @property
    def public_since(self):
        """When the public could or can first read it: the embargo, else the publication."""
        if self.status == self.Status.DRAFT:
            return None
        return self.embargo_until or self.published_at

    def is_public(self, now=None) -> bool:
        since = self.public_since
        now = now or timezone.now()
        return since is not None and since <= now and self.edition.is_public(now)

    def other_versions(self) -> models.QuerySet[PressRelease]:
        """The same release in the other language: generated together, sharing the slug."""
        return PressRelease.objects.filter(
            group_id=self.group_id, edition_id=self.edition_id, slug=self.slug
        ).exclude(pk=self.pk)

    def state(self, now=None) -> PressRelease.State:
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        return self.State.PUBLIC if self.is_public(now) else self.State.SCHEDULED

    def review(self) -> PressRelease.Review:
        if self.approved_at is not None:
            return self.Review.APPROVED
        if self.submitted_at is not None:
            return self.Review.SUBMITTED
        return self.Review.NONE

    def needs_approval_of(self, user) -> bool:
        """Whether `user` may publish or schedule it only once approved: when its group asks
        for approval, unless the user holds the publish permission."""
        if not self.group.releases_need_approval:
            return False
        return user is None or not user.has_perm("press.publish_pressrelease")

    def public_from(self):
        """When the public could or can first read it, counting the edition's own embargo."""
        since = self.public_since
        edition_moment = self.edition.published_at
        if since is None or edition_moment is None:
            return None
        return max(since, edition_moment)

    def content(self) -> dict:
        """The editable text, as revisions store it."""
        return {
            "title": self.title,
            "body": self.body,
            "about": self.about,
            "blocks": [block.content() for block in self.blocks.all()],
        }


class EditorialBlock(models.Model):
    """Text an editor adds to a generated release: context, a quote, a programme."""

    class Position(models.TextChoices):
        AFTER_INTRO = "after_intro", _("After the introduction")
        AFTER_SCHOOLS = "after_schools", _("After the schools, before “About”")

    release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="blocks",
        verbose_name=_("press release"),
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position, default=Position.AFTER_INTRO
    )
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    html = models.TextField(
        _("text"),
        # Django prints help texts as HTML: no tag names in them.
        help_text=_(
            "HTML: paragraphs, lists, links, bold, italics, quotes and sub-headings are kept; "
            "anything else (scripts, styles, frames) is removed when saved, and you are told what."
        ),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ["release", "order", "pk"]
        verbose_name = _("editorial block")
        verbose_name_plural = _("editorial blocks")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__in=["after_intro", "after_schools"]),
                name="editorial_block_position_valid",
            )
        ]

    def __str__(self) -> str:
        return self.heading or f"Block {self.order}"

    def save(self, *args, **kwargs) -> None:
        self.html = sanitise(self.html)
        super().save(*args, **kwargs)

    @property
    def safe_html(self) -> str:
        """The text for display, sanitised again in case a row was written around save()."""
        return mark_safe(sanitise(self.html))  # safe: nh3 has just cleaned it

    def content(self) -> dict:
        return {
            "position": self.position,
            "heading": self.heading,
            "html": self.html,
            "order": self.order,
        }


# A revision's note is stored in English, as the workflow wrote it; the revisions page shows
# it in the editor's language. The notes with a date keep it as "%Y-%m-%d %H:%M".
REVISION_NOTES = {
    "Edited": pgettext_lazy("revision note", "Edited"),
    "Written by hand": pgettext_lazy("revision note", "Written by hand"),
    "Generated from the data": pgettext_lazy("revision note", "Generated from the data"),
    "Rewritten from the data": pgettext_lazy("revision note", "Rewritten from the data"),
    "Published": pgettext_lazy("revision note", "Published"),
    "Withdrawn to draft": pgettext_lazy("revision note", "Withdrawn to draft"),
    "Submitted for review": pgettext_lazy("revision note", "Submitted for review"),
    "Approved": pgettext_lazy("revision note", "Approved"),
}
# A note followed by the editor's own words (kept as typed).
SENT_BACK = "Sent back to draft: "
DATED_REVISION_NOTES = {
    "Scheduled for": pgettext_lazy("revision note", "Scheduled for %(when)s"),
    "Restored the text of": pgettext_lazy("revision note", "Restored the text of %(when)s"),
}
_DATED_NOTE = re.compile(rf"^({'|'.join(DATED_REVISION_NOTES)}) (\d{{4}}-\d\d-\d\d \d\d:\d\d)$")


def dated_note(kind: str, when) -> str:
    """The stored note of a dated workflow step: kind is a key of DATED_REVISION_NOTES."""
    return f"{kind} {timezone.localtime(when):%Y-%m-%d %H:%M}"


class Revision(models.Model):
    """A saved state of a release's text: who, when, why, and the text itself."""

    release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("press release"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("author"),
    )
    note = models.CharField(
        _("note"), max_length=200, help_text=_("What happened, e.g. Published.")
    )
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["release", "-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.note} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def note_display(self) -> str:
        """The note in the active language (a note typed by someone stays as typed)."""
        if self.note in REVISION_NOTES:
            return str(REVISION_NOTES[self.note])
        if self.note.startswith(SENT_BACK):
            reason = self.note.removeprefix(SENT_BACK)
            return pgettext("revision note", "Sent back to draft: %(reason)s") % {"reason": reason}
        if match := _DATED_NOTE.match(self.note):
            return str(DATED_REVISION_NOTES[match[1]]) % {"when": match[2]}
        return self.note
