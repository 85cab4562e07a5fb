"""Reads for the public schools list and a school's page, made of its results."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django_countries.fields import Country

from schools.models import Group, School
from schools.selectors import SchoolFilters, countries_sorted, site_group

from ..charts import RankChart, rank_chart
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

SCHOOLS_PER_PAGE = 50


# --- Schools list ----------------------------------------------------------
@dataclass(frozen=True)
class SchoolList:
    group: Group | None
    groups: list[Group]
    countries: list[Country]
    page: Page
    latest: Edition | None
    filtered: bool


def school_list(
    filters: SchoolFilters, *, page: str | int | None = 1, preview: bool = False
) -> SchoolList:
    """Schools matching the filters; without filters, the site group's own schools."""
    group = site_group()
    schools = School.objects.select_related("group")
    if filters.group:
        schools = schools.filter(group__slug=filters.group)
    if filters.kind:
        schools = schools.of_kind(filters.kind)
    if filters.country:
        schools = schools.in_country(filters.country)
    filtered = any((filters.group, filters.kind, filters.country))
    if not filtered:
        schools = schools.filter(group=group).members() if group else schools.none()
    editions = Edition.objects.visible(preview=preview)
    # THE Impact's: the list shows how many SDGs each school is ranked in.
    latest = (
        editions.filter(ranking__slug=IMPACT_RANKING)
        .latest_first()
        .select_related("ranking")
        .first()
    )
    if latest:
        schools = schools.prefetch_related(
            Prefetch(
                "results",
                queryset=Result.objects.filter(edition=latest).with_sdg_count(),
                to_attr="latest_results",
            )
        )
    paginator = Paginator(schools.order_by("name", "pk"), SCHOOLS_PER_PAGE)
    return SchoolList(
        group=group,
        groups=list(Group.objects.order_by("name")),
        countries=countries_sorted(
            list(School.objects.order_by().values_list("country", flat=True).distinct())
        ),
        page=paginator.get_page(page),
        latest=latest,
        filtered=filtered,
    )


# --- School page -----------------------------------------------------------
@dataclass(frozen=True)
class EditionResult:
    """A school's result in one edition, with what the page says about it."""

    edition: Edition
    result: Result
    previous_rank: Rank | None
    movement: Movement | None
    country_total: int | None
    sdg_results: list[SDGResult]
    subject_results: list[SubjectResult] = field(default_factory=list)  # another ranking's

    @property
    def sdg_count(self) -> int:
        return len(self.sdg_results)


@dataclass(frozen=True)
class SubjectRow:
    subject: Subject
    cells: list[SubjectResult | None]  # one per edition, oldest first


@dataclass(frozen=True)
class RankingHistory:
    """A school's results in one ranking other than THE Impact, with its own chart."""

    ranking: Ranking
    history: list[EditionResult]  # oldest first
    chart: RankChart | None
    subject_rows: list[SubjectRow]

    @property
    def latest(self) -> EditionResult:
        return self.history[-1]

    @property
    def editions(self) -> list[Edition]:
        return [entry.edition for entry in self.history]


@dataclass(frozen=True)
class SDGRow:
    sdg: SDG
    cells: list[SDGResult | None]  # one per edition, oldest first


@dataclass(frozen=True)
class SchoolPage:
    school: School
    group: Group | None
    history: list[EditionResult]  # oldest first
    chart: RankChart | None
    sdg_rows: list[SDGRow] = field(default_factory=list)
    other_rankings: list[RankingHistory] = field(default_factory=list)  # by name

    @property
    def has_results(self) -> bool:
        return bool(self.history or self.other_rankings)

    @property
    def latest(self) -> EditionResult | None:
        return self.history[-1] if self.history else None

    @property
    def editions(self) -> list[Edition]:
        return [entry.edition for entry in self.history]


def school_page(slug: str, *, preview: bool = False) -> SchoolPage:
    """Everything the school page shows, in four queries whatever the number of editions, and
    one more for the subject tables when the school is in rankings other than THE Impact.

    THE Impact's results make the page's main sections (`history`, `chart`, `sdg_rows`);
    every other ranking has its own section (`other_rankings`). Editions still under embargo
    are left out, except in a staff preview.
    """
    school = get_object_or_404(School.objects.select_related("group"), slug=slug)
    results = list(
        Result.objects.filter(school=school, edition__in=Edition.objects.visible(preview=preview))
        .select_related("edition__ranking")
        .prefetch_related(
            Prefetch("sdg_results", queryset=SDGResult.objects.select_related("sdg").by_rank())
        )
        .order_by("edition__year", "edition__ranking_id")
    )
    totals = dict(
        EditionCountry.objects.filter(
            edition__in=[r.edition_id for r in results], country=school.country
        ).values_list("edition_id", "institutions_ranked")
    )
    impact = [r for r in results if r.edition.ranking.is_impact]
    others: dict[int, list[Result]] = {}
    for result in results:
        if not result.edition.ranking.is_impact:
            others.setdefault(result.edition.ranking_id, []).append(result)
    if others:
        prefetch_related_objects(
            [r for group in others.values() for r in group],
            Prefetch(
                "subject_results",
                queryset=SubjectResult.objects.select_related("subject").by_rank(),
            ),
        )
    history = _history(impact, totals)
    other_rankings = []
    for group in others.values():
        entries = _history(group, totals)
        other_rankings.append(
            RankingHistory(group[0].edition.ranking, entries, _chart(group), _subject_rows(entries))
        )
    other_rankings.sort(key=lambda h: h.ranking.name.casefold())
    return SchoolPage(
        school=school,
        group=school.group,
        history=history,
        chart=_chart(impact),
        sdg_rows=_sdg_rows(history),
        other_rankings=other_rankings,
    )


def _history(results: list[Result], totals: dict[int, int]) -> list[EditionResult]:
    """One ranking's results, oldest first, each compared with the one before."""
    history, previous = [], None
    for result in results:
        previous_rank = previous.rank if previous else None
        impact = result.edition.ranking.is_impact
        history.append(
            EditionResult(
                edition=result.edition,
                result=result,
                previous_rank=previous_rank,
                movement=movement(previous_rank, result.rank) if previous else None,
                country_total=totals.get(result.edition_id),
                sdg_results=sorted(result.sdg_results.all(), key=lambda s: s.sdg_id),
                subject_results=[]
                if impact
                else sorted(result.subject_results.all(), key=lambda s: s.subject.name_key),
            )
        )
        previous = result
    return history


def _chart(results: list[Result]) -> RankChart | None:
    worst = max((r.edition.institutions_ranked or 0 for r in results), default=0)
    return rank_chart([(r.edition.year, r.rank) for r in results], worst=worst)


def _subject_rows(history: list[EditionResult]) -> list[SubjectRow]:
    by_subject: dict[int, dict[int, SubjectResult]] = {}
    subjects: dict[int, Subject] = {}
    for index, entry in enumerate(history):
        for subject_result in entry.subject_results:
            subjects[subject_result.subject_id] = subject_result.subject
            by_subject.setdefault(subject_result.subject_id, {})[index] = subject_result
    ordered = sorted(subjects.values(), key=lambda subject: subject.name_key)
    return [
        SubjectRow(subject, [by_subject[subject.pk].get(i) for i in range(len(history))])
        for subject in ordered
    ]


def _sdg_rows(history: list[EditionResult]) -> list[SDGRow]:
    by_sdg: dict[int, dict[int, SDGResult]] = {}
    sdgs: dict[int, SDG] = {}
    for index, entry in enumerate(history):
        for sdg_result in entry.sdg_results:
            sdgs[sdg_result.sdg_id] = sdg_result.sdg
            by_sdg.setdefault(sdg_result.sdg_id, {})[index] = sdg_result
    return [
        SDGRow(sdgs[number], [by_sdg[number].get(i) for i in range(len(history))])
        for number in sorted(by_sdg)
    ]
