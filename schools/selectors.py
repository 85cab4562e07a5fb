"""Reads for the public school, contact and about pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django_countries.fields import Country

from rankings.charts import RankChart, rank_chart
from rankings.models import SDG, Edition, EditionCountry, Result, SDGResult
from rankings.ranks import Movement, Rank, movement

from .models import Group, KeyFigure, PressContact, School, name_key

SCHOOLS_PER_PAGE = 50
KIND_ORDER = [School.Kind.MEMBER, School.Kind.SUBSIDIARY, School.Kind.PARTNER, School.Kind.OTHER]


def countries_sorted(codes: list[str]) -> list[Country]:
    """Country codes as Country objects, sorted by their name in the active language."""
    return sorted((Country(code) for code in codes if code), key=lambda c: name_key(c.name))


def site_group() -> Group | None:
    """The group whose schools the site publishes: the first one created (IMT in the demo)."""
    return Group.objects.order_by("pk").first()


# --- Schools list ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SchoolFilters:
    group: str = ""
    kind: str = ""
    country: str = ""


@dataclass(frozen=True)
class SchoolList:
    group: Group | None
    groups: list[Group]
    countries: list[Country]
    page: Page
    latest: Edition | None
    filtered: bool


def school_list(filters: SchoolFilters, *, page: str | int | None = 1) -> SchoolList:
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
    latest = Edition.objects.latest_first().select_related("ranking").first()
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

    @property
    def sdg_count(self) -> int:
        return len(self.sdg_results)


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

    @property
    def latest(self) -> EditionResult | None:
        return self.history[-1] if self.history else None

    @property
    def editions(self) -> list[Edition]:
        return [entry.edition for entry in self.history]


def school_page(slug: str) -> SchoolPage:
    """Everything the school page shows, in four queries whatever the number of editions."""
    school = get_object_or_404(School.objects.select_related("group"), slug=slug)
    results = list(
        Result.objects.filter(school=school)
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
    history, previous = [], None
    for result in results:
        previous_rank = previous.rank if previous else None
        history.append(
            EditionResult(
                edition=result.edition,
                result=result,
                previous_rank=previous_rank,
                movement=movement(previous_rank, result.rank) if previous else None,
                country_total=totals.get(result.edition_id),
                sdg_results=sorted(result.sdg_results.all(), key=lambda s: s.sdg_id),
            )
        )
        previous = result
    worst = max((r.edition.institutions_ranked or 0 for r in results), default=0)
    chart = rank_chart([(r.edition.year, r.rank) for r in results], worst=worst)
    return SchoolPage(
        school=school,
        group=school.group,
        history=history,
        chart=chart,
        sdg_rows=_sdg_rows(history),
    )


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


# --- Contact and about -----------------------------------------------------
@dataclass(frozen=True)
class ContactPage:
    group: Group | None
    contacts: list[PressContact]


def _contacts(group: Group) -> QuerySet[PressContact]:
    return group.press_contacts.prefetch_related("phones").order_by("order", "name")


def contact_page() -> ContactPage:
    group = site_group()
    return ContactPage(group=group, contacts=list(_contacts(group)) if group else [])


def press_contact(pk: int) -> PressContact:
    """A contact of the site group, with its phones: the vCard download's source."""
    contacts = PressContact.objects.prefetch_related("phones").filter(group=site_group())
    return get_object_or_404(contacts, pk=pk)


@dataclass(frozen=True)
class AboutPage:
    group: Group | None
    key_figures: list[KeyFigure]
    schools: list[School]


def about_page() -> AboutPage:
    group = site_group()
    if group is None:
        return AboutPage(group=None, key_figures=[], schools=[])
    return AboutPage(
        group=group,
        key_figures=list(KeyFigure.objects.filter(group=group).order_by("order", "pk")),
        schools=sorted(
            group.schools.exclude(kind=School.Kind.OTHER),
            key=lambda school: (KIND_ORDER.index(school.kind), school.name),
        ),
    )
