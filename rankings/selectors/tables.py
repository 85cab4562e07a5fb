"""Reads for the home page and the ranking tables, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django_countries.fields import Country

from common.text import name_key
from schools.models import Group, School
from schools.selectors import countries_sorted, site_group

from ..models import (
    IMPACT_RANKING,
    SDG,
    Edition,
    EditionCountry,
    Ranking,
    Result,
    SDGResult,
    Subject,
    SubjectResult,
)
from ..ranks import Movement, Rank, movement

ROWS_PER_PAGE = 50
TOP_WORLD = (100, 200)


def latest_edition(*, preview: bool = False) -> Edition | None:
    """THE Impact's latest edition: the home page's highlights count SDGs."""
    editions = Edition.objects.visible(preview=preview).select_related("ranking")
    return editions.filter(ranking__slug=IMPACT_RANKING).order_by("-year", "pk").first()


def edition_for_year(year: int, *, preview: bool = False) -> Edition:
    """THE Impact Rankings' edition of that year (/rankings/<year>/ has always meant it).

    An edition before its publication moment is not found, except in a staff preview.
    """
    return ranking_edition(IMPACT_RANKING, year, preview=preview)


def ranking_edition(slug: str, year: int, *, preview: bool = False) -> Edition:
    """A ranking's edition of that year, with its ranking; under embargo only in a preview."""
    editions = Edition.objects.visible(preview=preview).select_related("ranking")
    edition = editions.filter(ranking__slug=slug, year=year).first()
    if edition is None:
        raise Http404(f"No edition {year} of {slug}.")
    return edition


# --- Home ------------------------------------------------------------------
@dataclass(frozen=True)
class Highlight:
    """One of the group's schools in the latest edition, as the home page sums it up."""

    school: School
    result: Result
    previous_rank: Rank | None
    movement: Movement | None
    sdg_count: int
    world_top: dict[int, int]  # {100: SDGs in the world top 100, 200: ...}
    national_firsts: int  # SDGs in which it is first of its country

    @property
    def top100(self) -> int:
        return self.world_top[100]

    @property
    def top200(self) -> int:
        return self.world_top[200]


@dataclass(frozen=True)
class CountryCount:
    country: Country
    institutions_ranked: int
    group_ranked: int


@dataclass(frozen=True)
class HomePage:
    group: Group | None
    edition: Edition | None
    previous: Edition | None
    highlights: list[Highlight]
    countries: list[CountryCount]


def home_page(*, preview: bool = False) -> HomePage:
    """The latest edition's highlights for the site group, in six queries."""
    group = site_group()
    edition = latest_edition(preview=preview)
    if group is None or edition is None:
        return HomePage(group, edition, None, [], [])
    previous = edition.previous(preview=preview)
    results = list(
        Result.objects.filter(
            edition__in=[e for e in (edition, previous) if e], school__group=group
        )
        .select_related("school")
        .prefetch_related("sdg_results")
    )
    earlier = {r.school_id: r.rank for r in results if previous and r.edition_id == previous.pk}
    current = sorted(
        (r for r in results if r.edition_id == edition.pk),
        key=lambda r: (r.rank is None, r.rank.sort_key if r.rank else (0, 0), r.school.name),
    )
    highlights = []
    for result in current:
        sdg_results = list(result.sdg_results.all())
        previous_rank = earlier.get(result.school_id)
        highlights.append(
            Highlight(
                school=result.school,
                result=result,
                previous_rank=previous_rank,
                movement=movement(previous_rank, result.rank)
                if previous and (previous_rank or result.rank)
                else None,
                sdg_count=len(sdg_results),
                world_top={n: sum(s.within_top(n) for s in sdg_results) for n in TOP_WORLD},
                national_firsts=sum(s.national_rank == 1 for s in sdg_results),
            )
        )
    group_countries: dict[str, int] = {}
    for result in current:
        code = result.school.country.code
        group_countries[code] = group_countries.get(code, 0) + (result.rank is not None)
    countries = [
        CountryCount(Country(code), total, group_countries[code])
        for code, total in EditionCountry.objects.filter(
            edition=edition, country__in=list(group_countries)
        ).values_list("country", "institutions_ranked")
    ]
    return HomePage(group, edition, previous, highlights, countries)


# --- Rankings index and a ranking's page -------------------------------------
@dataclass(frozen=True)
class RankingSection:
    """A ranking with its visible editions (latest first) and its subject tables: THE Impact's
    are the 17 SDGs (`sdgs`), another ranking's its subjects."""

    ranking: Ranking
    editions: list[Edition]  # annotated with entries and group_entries
    subjects: list[Subject]


@dataclass(frozen=True)
class RankingsIndex:
    group: Group | None
    rankings: list[RankingSection]  # THE Impact first, then by name
    sdgs: list[SDG]

    @property
    def editions(self) -> list[Edition]:
        return [edition for section in self.rankings for edition in section.editions]


def rankings_index(*, preview: bool = False, slug: str | None = None) -> RankingsIndex:
    """Every ranking with a visible edition, in three queries (four with rankings other than
    THE Impact); with `slug`, that ranking only (its page), or 404."""
    group = site_group()
    editions = (
        Edition.objects.visible(preview=preview)
        .select_related("ranking")
        .annotate(
            entries=Count("results"),
            group_entries=Count("results", filter=Q(results__school__group=group)),
        )
        .order_by("-year", "ranking__name")
    )
    if slug is not None:
        editions = editions.filter(ranking__slug=slug)
    by_ranking: dict[int, list[Edition]] = {}
    rankings: dict[int, Ranking] = {}
    for edition in editions:
        by_ranking.setdefault(edition.ranking_id, []).append(edition)
        rankings[edition.ranking_id] = edition.ranking
    if slug is not None and not rankings:
        raise Http404(f"No ranking {slug} with a public edition.")
    subjects: dict[int, list[Subject]] = {}
    if any(not ranking.is_impact for ranking in rankings.values()):
        for subject in Subject.objects.filter(ranking__in=list(rankings)):
            subjects.setdefault(subject.ranking_id, []).append(subject)
    order = sorted(rankings.values(), key=lambda r: (not r.is_impact, r.name.casefold()))
    sections = [RankingSection(r, by_ranking[r.pk], subjects.get(r.pk, [])) for r in order]
    return RankingsIndex(group=group, rankings=sections, sdgs=list(SDG.objects.order_by("number")))


# --- Edition and SDG tables ------------------------------------------------
@dataclass(frozen=True, slots=True)
class TableFilters:
    country: str = ""
    sdg: int | None = None
    q: str = ""
    sort: str = "rank"
    subject: str = ""  # a subject's slug, in another ranking's overall table


RANK_ORDER = (F("rank_low").asc(nulls_last=True), F("rank_high").asc(nulls_last=True))
RANK_ORDER_DESC = (F("rank_low").desc(nulls_last=True), F("rank_high").desc(nulls_first=True))
SORTS = ("rank", "-rank", "name", "country", "sdgs", "subjects")
SDG_SORTS = ("rank", "-rank", "name", "country")


def _ordering(sort: str, prefix: str = "") -> tuple:
    school = f"{prefix}school__"
    return {
        "rank": (*RANK_ORDER, f"{school}name"),
        "-rank": (*RANK_ORDER_DESC, f"{school}name"),
        "name": (f"{school}name_key", "pk"),
        "country": (f"{school}country", *RANK_ORDER, f"{school}name"),
        "sdgs": (F("sdg_count").desc(), *RANK_ORDER, f"{school}name"),
        "subjects": (F("subject_count").desc(), *RANK_ORDER, f"{school}name"),
    }.get(sort, (*RANK_ORDER, f"{school}name"))


def _search(queryset: QuerySet, q: str, prefix: str = "") -> QuerySet:
    """Accent- and case-insensitive search on the institution's name."""
    key = name_key(q)
    return queryset.filter(**{f"{prefix}school__name_key__contains": key}) if key else queryset


@dataclass(frozen=True)
class Table:
    edition: Edition
    group: Group | None
    sdg: SDG | None
    sdgs: list[SDG]
    countries: list[Country]
    filters: TableFilters
    page: Page
    # Another ranking's tables: its subjects, and the one shown (None: the overall table).
    subjects: list[Subject] = field(default_factory=list)
    subject: Subject | None = None

    @cached_property  # the template asks once per row
    def has_scores(self) -> bool:
        """Whether any row shown has a score: THE publishes none for banded positions."""
        return any(row.score_low is not None for row in self.page)


def _overall_table(
    edition: Edition, rows: QuerySet, filters: TableFilters, sort: str
) -> tuple[Paginator, QuerySet]:
    """An overall table's rows, filtered by country and name and sorted, and its countries."""
    if filters.country:
        rows = rows.in_country(filters.country)
    rows = _search(rows, filters.q)
    countries = (
        Result.objects.filter(edition=edition)
        .order_by()
        .values_list("school__country", flat=True)
        .distinct()
    )
    return Paginator(rows.order_by(*_ordering(sort), "pk"), ROWS_PER_PAGE), countries


def edition_table(
    year: int, filters: TableFilters, *, page: str | int | None = 1, preview: bool = False
) -> Table:
    """Every institution of an edition's table, filtered, sorted and paged, in six queries."""
    edition = edition_for_year(year, preview=preview)
    rows = (
        Result.objects.filter(edition=edition)
        .select_related("school")
        .annotate(sdg_count=Count("sdg_results"))
    )
    if filters.sdg:
        # Exists, not a join, so that sdg_count still counts every SDG of the institution.
        rows = rows.filter(
            Exists(SDGResult.objects.filter(result=OuterRef("pk"), sdg_id=filters.sdg))
        )
    paginator, countries = _overall_table(edition, rows, filters, filters.sort)
    return Table(
        edition=edition,
        group=site_group(),
        sdg=None,
        sdgs=list(SDG.objects.order_by("number")),
        countries=countries_sorted(list(countries)),
        filters=filters,
        page=paginator.get_page(page),
    )


def _subject_table(table: QuerySet, filters: TableFilters) -> tuple[Paginator, QuerySet]:
    """An SDG's or a subject's rows, filtered and sorted, and the countries in the table."""
    rows = table.select_related("result__school")
    if filters.country:
        rows = rows.in_country(filters.country)
    rows = _search(rows, filters.q, prefix="result__")
    countries = table.order_by().values_list("result__school__country", flat=True).distinct()
    sort = filters.sort if filters.sort in SDG_SORTS else "rank"
    paginator = Paginator(rows.order_by(*_ordering(sort, prefix="result__"), "pk"), ROWS_PER_PAGE)
    return paginator, countries


def sdg_table(
    year: int,
    number: int,
    filters: TableFilters,
    *,
    page: str | int | None = 1,
    preview: bool = False,
) -> Table:
    """One SDG's table in an edition, filtered, sorted and paged, in six queries."""
    edition = edition_for_year(year, preview=preview)
    sdgs = list(SDG.objects.order_by("number"))
    sdg = next((s for s in sdgs if s.number == number), None)
    if sdg is None:
        raise Http404(f"No SDG {number}.")
    rows = SDGResult.objects.filter(result__edition=edition, sdg=sdg)
    paginator, countries = _subject_table(rows, filters)
    return Table(
        edition=edition,
        group=site_group(),
        sdg=sdg,
        sdgs=sdgs,
        countries=countries_sorted(list(countries)),
        filters=filters,
        page=paginator.get_page(page),
    )


# --- Another ranking's tables ----------------------------------------------
def _other_edition(slug: str, year: int, preview: bool) -> tuple[Edition, list[Subject]]:
    edition = ranking_edition(slug, year, preview=preview)
    if edition.ranking.is_impact:
        raise Http404("THE Impact's tables are at /rankings/<year>/.")
    return edition, list(Subject.objects.filter(ranking_id=edition.ranking_id))


def ranking_edition_table(
    slug: str,
    year: int,
    filters: TableFilters,
    *,
    page: str | int | None = 1,
    preview: bool = False,
) -> Table:
    """The overall table of another ranking's edition, filtered, sorted and paged, in six
    queries, as THE Impact's."""
    edition, subjects = _other_edition(slug, year, preview)
    rows = (
        Result.objects.filter(edition=edition)
        .select_related("school")
        .annotate(subject_count=Count("subject_results"))
    )
    if filters.subject:
        # Exists, not a join, so that subject_count still counts every subject.
        rows = rows.filter(
            Exists(
                SubjectResult.objects.filter(result=OuterRef("pk"), subject__slug=filters.subject)
            )
        )
    sort = filters.sort if filters.sort != "sdgs" else "subjects"
    paginator, countries = _overall_table(edition, rows, filters, sort)
    return Table(
        edition=edition,
        group=site_group(),
        sdg=None,
        sdgs=[],
        countries=countries_sorted(list(countries)),
        filters=filters,
        page=paginator.get_page(page),
        subjects=subjects,
    )


def subject_table(
    slug: str,
    year: int,
    subject_slug: str,
    filters: TableFilters,
    *,
    page: str | int | None = 1,
    preview: bool = False,
) -> Table:
    """One subject's table in another ranking's edition, in six queries, as an SDG's."""
    edition, subjects = _other_edition(slug, year, preview)
    subject = next((s for s in subjects if s.slug == subject_slug), None)
    if subject is None:
        raise Http404(f"No subject {subject_slug}.")
    rows = SubjectResult.objects.filter(result__edition=edition, subject=subject)
    paginator, countries = _subject_table(rows, filters)
    return Table(
        edition=edition,
        group=site_group(),
        sdg=None,
        sdgs=[],
        countries=countries_sorted(list(countries)),
        filters=filters,
        page=paginator.get_page(page),
        subjects=subjects,
        subject=subject,
    )
