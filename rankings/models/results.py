"""Each institution's results: its overall position in an edition, its SDG tables (THE Impact)
and its subject tables (other rankings)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schools.models import Group, School

from ..ranks import MAX_POSITION, Rank
from .editions import SDG, Edition, Subject


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


class SubjectResultQuerySet(models.QuerySet):
    def for_edition(self, edition: Edition) -> SubjectResultQuerySet:
        return self.filter(result__edition=edition)

    def in_country(self, country: str) -> SubjectResultQuerySet:
        return self.filter(result__school__country=country)

    def by_rank(self) -> SubjectResultQuerySet:
        return by_rank(self)

    def get_by_natural_key(
        self, ranking_slug: str, year: int, school_slug: str, subject_slug: str
    ) -> SubjectResult:
        return self.get(
            result__edition__ranking__slug=ranking_slug,
            result__edition__year=year,
            result__school__slug=school_slug,
            subject__slug=subject_slug,
        )


class SubjectResult(RankedEntry):
    """An institution's position in one subject table of an edition (rankings other than THE
    Impact, whose subject tables are the SDGs). The subject belongs to the edition's ranking:
    the import and the admin choose it among that ranking's subjects."""

    rank_low = models.PositiveIntegerField(_("best rank"), help_text=_("Best position covered."))
    result = models.ForeignKey(
        Result,
        on_delete=models.CASCADE,
        related_name="subject_results",
        db_index=False,  # the (result, subject) unique constraint starts with it
        verbose_name=_("result"),
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("subject"),
        db_index=False,  # the (subject, rank) index starts with it
    )

    objects = SubjectResultQuerySet.as_manager()

    class Meta(RankedEntry.Meta):
        ordering = ["result", "subject"]
        verbose_name = _("subject result")
        verbose_name_plural = _("subject results")
        constraints = [
            *RankedEntry.Meta.constraints,
            models.UniqueConstraint(
                fields=["result", "subject"], name="subject_result_one_per_subject"
            ),
        ]
        indexes = [
            models.Index(
                fields=["subject", "rank_low", "rank_high"], name="subject_result_subject_rank"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.rank}"

    def natural_key(self) -> tuple[str, int, str, str]:
        return (*self.result.natural_key(), self.subject.slug)

    natural_key.dependencies = ["rankings.result", "rankings.subject"]
