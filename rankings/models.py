"""Rankings, their yearly editions, the 17 SDGs, and each institution's results."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from schools.models import Group, School, SlugManager, public_url

from .ranks import MAX_POSITION, Rank

FIRST_YEAR, LAST_YEAR = 2000, 2100


class Ranking(models.Model):
    """A league table published every year, e.g. THE Impact Rankings."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
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

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str | None:
        return public_url("rankings:index")

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class EditionQuerySet(models.QuerySet):
    def latest_first(self) -> EditionQuerySet:
        return self.order_by("-year")

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
    published_on = models.DateField(
        _("published on"), null=True, blank=True, help_text=_("The day the publisher released it.")
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
        return public_url("rankings:edition", year=self.year)

    def natural_key(self) -> tuple[str, int]:
        return (*self.ranking.natural_key(), self.year)

    natural_key.dependencies = ["rankings.ranking"]

    def previous(self) -> Edition | None:
        return (
            Edition.objects.filter(ranking_id=self.ranking_id, year__lt=self.year)
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


class RankedEntry(models.Model):
    """A position in one table, stored so the database can sort and filter on it.

    `rank_low`..`rank_high` is the band (equal for an exact rank, high empty for "1001+");
    `rank` reads and writes the three columns as one `Rank`.
    """

    rank_low = models.PositiveIntegerField(
        _("best rank"), null=True, blank=True, help_text=_("Best position covered.")
    )
    rank_high = models.PositiveIntegerField(
        _("worst rank"),
        null=True,
        blank=True,
        help_text=_("Worst position covered; empty for an open band such as 1001+."),
    )
    rank_tie = models.BooleanField(
        _("tie"), default=False, help_text=_("Shared position, printed =57.")
    )
    score_low = models.DecimalField(
        _("score"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Score out of 100, or the lower end of a range."),
    )
    score_high = models.DecimalField(
        _("highest score"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Upper end of a score range, if THE gives one."),
    )
    national_rank = models.PositiveIntegerField(
        _("national rank"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("A national rank starts at 1.")),
            MaxValueValidator(MAX_POSITION, _("A national rank is at most %(limit_value)s.")),
        ],
        help_text=_("Position among the institutions of the same country (1 = first)."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(rank_low__isnull=True) | Q(rank_low__gte=1),
                name="%(class)s_rank_positive",
            ),
            models.CheckConstraint(
                condition=Q(rank_high__isnull=True)
                | Q(rank_low__isnull=False, rank_high__gte=F("rank_low")),
                name="%(class)s_rank_bounds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(rank_tie=False) | Q(rank_high__isnull=False, rank_high=F("rank_low")),
                name="%(class)s_tie_is_exact",
            ),
            models.CheckConstraint(
                condition=Q(national_rank__isnull=True) | Q(national_rank__gte=1),
                name="%(class)s_national_rank_positive",
                violation_error_message=_("A national rank starts at 1."),
            ),
            models.CheckConstraint(
                condition=(Q(score_low__isnull=True) | Q(score_low__gte=0, score_low__lte=100))
                & (
                    Q(score_high__isnull=True)
                    | Q(
                        score_low__isnull=False, score_high__gte=F("score_low"), score_high__lte=100
                    )
                ),
                name="%(class)s_score_range",
            ),
        ]

    @property
    def rank(self) -> Rank | None:
        if self.rank_low is None:
            return None
        return Rank(self.rank_low, self.rank_high, self.rank_tie)

    @rank.setter
    def rank(self, value: Rank | str | int | None) -> None:
        rank = None if value in (None, "") else Rank.parse(value)
        self.rank_low = rank.low if rank else None
        self.rank_high = rank.high if rank else None
        self.rank_tie = rank.tie if rank else False

    @property
    def score_display(self) -> str:
        if self.score_low is None:
            return ""
        if self.score_high is None or self.score_high == self.score_low:
            return str(self.score_low)
        return f"{self.score_low}–{self.score_high}"

    def within_top(self, n: int) -> bool:
        return self.rank is not None and self.rank.within_top(n)


def by_rank(queryset: models.QuerySet) -> models.QuerySet:
    return queryset.order_by(
        F("rank_low").asc(nulls_last=True), F("rank_high").asc(nulls_last=True), "pk"
    )


class ResultQuerySet(models.QuerySet):
    def for_edition(self, edition: Edition) -> ResultQuerySet:
        return self.filter(edition=edition)

    def in_country(self, country: str) -> ResultQuerySet:
        return self.filter(school__country=country)

    def in_group(self, group: Group) -> ResultQuerySet:
        return self.filter(school__group=group)

    def ranked(self) -> ResultQuerySet:
        """Results with an overall position (an institution may be in SDG tables only)."""
        return self.filter(rank_low__isnull=False)

    def by_rank(self) -> ResultQuerySet:
        return by_rank(self)

    def get_by_natural_key(self, ranking_slug: str, year: int, school_slug: str) -> Result:
        return self.get(
            edition__ranking__slug=ranking_slug, edition__year=year, school__slug=school_slug
        )

    def with_sdg_count(self) -> ResultQuerySet:
        return self.annotate(sdg_count=Count("sdg_results"))


class Result(RankedEntry):
    """An institution's result in one edition: its overall position and, below, each SDG's.

    How many SDGs it was ranked in is the number of its SDG results.
    """

    # No index of its own: the (edition, school) unique constraint and the (edition, rank)
    # index both start with it. Every index is one more write per imported row.
    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
        verbose_name=_("edition"),
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="results", verbose_name=_("institution")
    )

    objects = ResultQuerySet.as_manager()

    class Meta(RankedEntry.Meta):
        verbose_name = _("result")
        verbose_name_plural = _("results")
        permissions = [
            ("import_result", "Can import results from a spreadsheet"),
            ("export_result", "Can export results to a spreadsheet"),
        ]
        ordering = [
            "edition",
            F("rank_low").asc(nulls_last=True),
            F("rank_high").asc(nulls_last=True),
            "pk",
        ]
        constraints = [
            *RankedEntry.Meta.constraints,
            models.UniqueConstraint(
                fields=["edition", "school"], name="result_one_per_edition_and_school"
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "rank_low", "rank_high"], name="result_edition_rank")
        ]

    def __str__(self) -> str:
        return gettext("%(school)s in %(edition)s: %(rank)s") % {
            "school": self.school,
            "edition": self.edition,
            "rank": self.rank or gettext("no overall rank"),
        }

    def get_absolute_url(self) -> str | None:
        return self.school.get_absolute_url()

    def natural_key(self) -> tuple[str, int, str]:
        return (*self.edition.natural_key(), *self.school.natural_key())

    natural_key.dependencies = ["rankings.edition", "schools.school"]


class SDGResultQuerySet(models.QuerySet):
    def for_edition(self, edition: Edition) -> SDGResultQuerySet:
        return self.filter(result__edition=edition)

    def for_sdg(self, sdg: int | SDG) -> SDGResultQuerySet:
        return self.filter(sdg=sdg)

    def in_country(self, country: str) -> SDGResultQuerySet:
        return self.filter(result__school__country=country)

    def by_rank(self) -> SDGResultQuerySet:
        return by_rank(self)

    def get_by_natural_key(
        self, ranking_slug: str, year: int, school_slug: str, sdg: int
    ) -> SDGResult:
        return self.get(
            result__edition__ranking__slug=ranking_slug,
            result__edition__year=year,
            result__school__slug=school_slug,
            sdg_id=sdg,
        )


class SDGResult(RankedEntry):
    """An institution's position in one SDG table of an edition."""

    rank_low = models.PositiveIntegerField(_("best rank"), help_text=_("Best position covered."))
    # Neither key has an index of its own: the (result, SDG) unique constraint starts with the
    # result, the (SDG, rank) index with the SDG. A full edition is ~19,000 of these rows.
    result = models.ForeignKey(
        Result,
        on_delete=models.CASCADE,
        related_name="sdg_results",
        db_index=False,
        verbose_name=_("result"),
    )
    # The 17 goals are rows the migrations create and nothing deletes (the admin cannot, and
    # PROTECT stops the ORM while results point at one), so a CHECK on the number holds the
    # same invariant as a foreign key, without the key's check per row at commit: that check
    # was a fifth of the time of importing a full edition.
    sdg = models.ForeignKey(
        SDG,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("SDG"),
        db_index=False,
        db_constraint=False,
    )

    objects = SDGResultQuerySet.as_manager()

    class Meta(RankedEntry.Meta):
        ordering = ["result", "sdg"]
        verbose_name = _("SDG result")
        verbose_name_plural = _("SDG results")
        constraints = [
            *RankedEntry.Meta.constraints,
            models.UniqueConstraint(fields=["result", "sdg"], name="sdg_result_one_per_sdg"),
            models.CheckConstraint(
                condition=Q(sdg__gte=1, sdg__lte=17), name="sdg_result_sdg_1_to_17"
            ),
        ]
        indexes = [
            models.Index(fields=["sdg", "rank_low", "rank_high"], name="sdg_result_sdg_rank")
        ]

    def __str__(self) -> str:
        label = gettext("SDG %(number)s") % {"number": self.sdg_id}  # as SDG.label: no query
        return f"{label}: {self.rank}"

    def natural_key(self) -> tuple[str, int, str, int]:
        return (*self.result.natural_key(), self.sdg_id)

    natural_key.dependencies = ["rankings.result", "rankings.sdg"]


# The stages a running import goes through, as rankings.background records them.
IMPORT_STAGES = {"reading": _("reading"), "checking": _("checking"), "writing": _("writing")}


class ImportJob(models.Model):
    """A results import running in the background worker, with its progress and outcome.

    The file itself is kept here, not on an app server's disk, so any worker can run it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Nothing written")

    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    # The ranking's slug; empty for THE Impact Rankings, the import's default.
    ranking = models.SlugField(_("ranking"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    table = models.CharField(_("table"), max_length=20, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    expected_fingerprint = models.CharField(_("expected fingerprint"), max_length=64, blank=True)
    data = models.BinaryField(_("file contents"), editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.QUEUED)
    stage = models.CharField(
        _("stage"), max_length=20, blank=True, help_text=_("reading, checking or writing")
    )
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The summary and errors are written in it: the language of the editor who started the job.
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background import")
        verbose_name_plural = _("background imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="import_job_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(rows_total__isnull=True) | Q(rows_done__lte=F("rows_total")),
                name="import_job_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(file)s into %(year)s (%(status)s)") % {
            "file": self.filename or gettext("import"),
            "year": self.year,
            "status": self.get_status_display(),
        }

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_total))

    @property
    def stage_display(self) -> str:
        """The stage in the reader's language ("reading", "checking" or "writing")."""
        return str(IMPORT_STAGES.get(self.stage, self.stage))
