"""Rankings, their yearly editions and subject tables, the institutions ranked per country, and
the 17 SDGs."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common.models import SlugManager, public_url
from common.text import NAME_KEY_LENGTH, name_key

FIRST_YEAR, LAST_YEAR = 2000, 2100
# The ranking the site began with, whose subject tables are the 17 SDGs; commands and the
# historical URLs (/rankings/<year>/) mean it when no ranking is named.
IMPACT_RANKING = "the-impact-rankings"
# A ranking slug shares /rankings/<...>/ with the Impact editions' years: it needs a letter.
_SLUG_WITH_LETTER = r"^[-a-z0-9_]*[a-z][-a-z0-9_]*$"


class Ranking(models.Model):
    """A league table published every year, e.g. THE Impact Rankings or L'Étudiant's.

    A national ranking (French engineering schools) ranks the institutions of one country:
    its scope is national and its country is set; a world ranking has no country.
    """

    class Scope(models.TextChoices):
        WORLD = "world", _("world ranking")
        NATIONAL = "national", _("national ranking")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        validators=[
            RegexValidator(
                _SLUG_WITH_LETTER, _("A ranking's slug needs a letter (it is not a year).")
            )
        ],
    )
    publisher = models.CharField(
        _("publisher"), max_length=200, blank=True, help_text=_("e.g. Times Higher Education.")
    )
    url = models.URLField(
        _("link"), blank=True, help_text=_("The publisher's page for this ranking.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One sentence saying what the ranking measures; press releases quote it."),
    )
    scope = models.CharField(
        _("scope"),
        max_length=10,
        choices=Scope,
        default=Scope.WORLD,
        help_text=_("World, or national: only the institutions of one country are ranked."),
    )
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("For a national ranking, the country whose institutions it ranks."),
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="world", country="") | (Q(scope="national") & ~Q(country="")),
                name="ranking_national_has_country",
                violation_error_message=_(
                    "A national ranking has a country; a world ranking has none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(slug__regex=_SLUG_WITH_LETTER), name="ranking_slug_not_a_year"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str | None:
        return public_url("rankings:ranking", slug=self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def is_impact(self) -> bool:
        """THE Impact Rankings: its subject tables are the 17 SDGs, not Subject rows."""
        return self.slug == IMPACT_RANKING

    @property
    def is_national(self) -> bool:
        return self.scope == self.Scope.NATIONAL


class EditionQuerySet(models.QuerySet):
    def public(self, now: datetime | None = None) -> EditionQuerySet:
        """Editions whose publication moment has passed: nobody acts when an embargo ends,
        the filter compares with the clock."""
        return self.filter(published_at__lte=now or timezone.now())

    def visible(self, *, preview: bool = False) -> EditionQuerySet:
        """What a page shows: public editions, or every edition in a staff member's preview."""
        return self.all() if preview else self.public()

    def latest_first(self) -> EditionQuerySet:
        return self.order_by("-year")

    def next_publication(self, now: datetime | None = None) -> datetime | None:
        """The next moment an edition becomes public, if one is scheduled."""
        upcoming = self.filter(published_at__gt=now or timezone.now())
        return upcoming.order_by("published_at").values_list("published_at", flat=True).first()

    def get_by_natural_key(self, ranking_slug: str, year: int) -> Edition:
        return self.get(ranking__slug=ranking_slug, year=year)


class Edition(models.Model):
    """One year's publication of a ranking."""

    ranking = models.ForeignKey(
        Ranking,
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("ranking"),
        db_index=False,  # the unique (ranking, year) constraint's index starts with it
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year in the edition's title, e.g. 2021."),
    )
    published_at = models.DateTimeField(
        _("public from"),
        null=True,
        blank=True,
        help_text=_(
            "The moment the publisher lifts its embargo (date and time, Paris time). Until "
            "then only staff see this edition, in the admin and in the site's preview; from "
            "then on every public page shows it by itself. Empty: not public yet."
        ),
    )
    institutions_ranked = models.PositiveIntegerField(
        _("institutions ranked"),
        null=True,
        blank=True,
        help_text=_(
            "How many institutions the overall table ranks worldwide (1,115 in 2021). "
            "Filled in by an import of the whole table."
        ),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Internal notes; never published.")
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["ranking", "-year"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["ranking", "year"], name="edition_unique_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="edition_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ranking} {self.year}"

    def get_absolute_url(self) -> str | None:
        # Reads the ranking: list editions with select_related("ranking").
        if self.ranking.is_impact:
            return public_url("rankings:edition", year=self.year)
        return public_url("rankings:ranking_edition", slug=self.ranking.slug, year=self.year)

    def natural_key(self) -> tuple[str, int]:
        return (*self.ranking.natural_key(), self.year)

    natural_key.dependencies = ["rankings.ranking"]

    def is_public(self, now: datetime | None = None) -> bool:
        return self.published_at is not None and self.published_at <= (now or timezone.now())

    def previous(self, *, preview: bool = True) -> Edition | None:
        """The ranking's edition before this one; a public page passes preview=False, so that
        an earlier edition still under embargo is not compared with."""
        editions = Edition.objects.visible(preview=preview)
        return (
            editions.filter(ranking_id=self.ranking_id, year__lt=self.year)
            .order_by("-year")
            .first()
        )


class EditionCountry(models.Model):
    """How many institutions of one country an edition ranks (18 French institutions in 2021)."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="countries",
        verbose_name=_("edition"),
        db_index=False,  # the unique (edition, country) constraint's index starts with it
    )
    country = CountryField(_("country"))
    institutions_ranked = models.PositiveIntegerField(
        _("institutions ranked"),
        help_text=_("How many institutions of this country the overall table ranks."),
    )

    class Meta:
        ordering = ["edition", "country"]
        verbose_name = _("institutions ranked in a country")
        verbose_name_plural = _("institutions ranked per country")
        constraints = [
            models.UniqueConstraint(fields=["edition", "country"], name="edition_country_unique"),
            models.CheckConstraint(condition=~Q(country=""), name="edition_country_not_blank"),
        ]

    def __str__(self) -> str:
        return gettext("%(edition)s: %(count)s in %(country)s") % {
            "edition": self.edition,
            "count": self.institutions_ranked,
            "country": self.country.name,
        }

    def clean(self) -> None:
        # The release prints both: "18 French institutions among the 1,115 ranked".
        edition = getattr(self, "edition", None)  # an inline row of an edition being added
        total = edition.institutions_ranked if edition is not None else None
        count = self.institutions_ranked
        if total is not None and count is not None and count > total:
            raise ValidationError(
                {
                    "institutions_ranked": _(
                        "More than the %(total)s institutions the edition ranks in all."
                    )
                    % {"total": total}
                }
            )


class SDG(models.Model):
    """One of the 17 UN Sustainable Development Goals; the number is the key."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Official short title, e.g. Climate action.")
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        validators=[
            RegexValidator(r"^#[0-9A-F]{6}$", _("A colour is # and six hex digits, e.g. #3F7E44."))
        ],
        help_text=_("The UN's official colour for this goal."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17"
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-F]{6}$"), name="sdg_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.name}"

    @property
    def label(self) -> str:
        """SDG 11, in French ODD 11."""
        return gettext("SDG %(number)s") % {"number": self.number}


class SDGTable(models.Model):
    """One SDG table of an edition and how many institutions it ranks (1,180 on SDG 4 in 2022):
    a release says "35th of 1,180" and lists each table with its size."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="sdg_tables",
        verbose_name=_("edition"),
        db_index=False,  # the unique (edition, sdg) constraint's index starts with it
    )
    sdg = models.ForeignKey(
        SDG, on_delete=models.PROTECT, related_name="tables", verbose_name=_("SDG")
    )
    institutions_ranked = models.PositiveIntegerField(
        _("institutions ranked"),
        help_text=_(
            "How many institutions this SDG table ranks worldwide. Filled in by an import of "
            "the whole table."
        ),
    )

    class Meta:
        ordering = ["edition", "sdg"]
        verbose_name = _("SDG table")
        verbose_name_plural = _("SDG tables")
        constraints = [
            models.UniqueConstraint(fields=["edition", "sdg"], name="sdg_table_unique"),
            models.CheckConstraint(
                condition=Q(institutions_ranked__gte=1), name="sdg_table_ranks_someone"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(edition)s, %(sdg)s: %(count)s institutions") % {
            "edition": self.edition,
            "sdg": self.sdg.label,
            "count": self.institutions_ranked,
        }


class SubjectQuerySet(models.QuerySet):
    def get_by_natural_key(self, ranking_slug: str, slug: str) -> Subject:
        return self.get(ranking__slug=ranking_slug, slug=slug)


class Subject(models.Model):
    """A subject table of a ranking other than THE Impact ("Computer science" in THE by subject,
    "Engineering" in Shanghai's): created by an import that names it, or here.

    `name_key` is the English name as imports match it: case, accents and punctuation aside.
    """

    ranking = models.ForeignKey(
        Ranking,
        on_delete=models.CASCADE,
        related_name="subjects",
        verbose_name=_("ranking"),
        db_index=False,  # the unique (ranking, slug) constraint's index starts with it
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("The table's name, e.g. Computer science.")
    )
    slug = models.SlugField(
        _("slug"), max_length=100, help_text=_("The table's address on the site.")
    )
    name_key = models.CharField(
        _("name key"),
        max_length=NAME_KEY_LENGTH,
        editable=False,
        help_text=_("The name reduced for matching imports."),
    )

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["ranking", "name_key"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        constraints = [
            models.UniqueConstraint(fields=["ranking", "slug"], name="subject_unique_slug"),
            models.UniqueConstraint(fields=["ranking", "name_key"], name="subject_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = name_key(self.name_en or self.name)
        if not self.slug:
            self.slug = slugify(self.name_en or self.name)[:100] or "subject"
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple[str, str]:
        return (*self.ranking.natural_key(), self.slug)

    natural_key.dependencies = ["rankings.ranking"]
