"""The facts a press release is written from, loaded once into plain frozen dataclasses.

`release_facts(group, edition)` runs a fixed number of queries whatever the number of schools
or SDGs; everything downstream (the generator, the published snapshot, the "data changed
since" warning) works on these values and never touches the database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from rankings.models import Edition, EditionCountry, Result, SDGResult, SDGTable
from rankings.ranks import Movement, Rank, movement
from schools.models import Group, PressContact, School

from .facts_rankings import RankingFacts, ranking_facts

SDG_COUNT = 17
# "Top N in an SDG" brackets, best first: each SDG is counted once, in its best bracket.
BRACKETS = (100, 200, 300)
# "Five IMT schools are in the top 10 of French institutions."
NATIONAL_TOP = 10


@dataclass(frozen=True)
class SDGStanding:
    number: int
    name_en: str
    name_fr: str
    rank: Rank
    national_rank: int | None = None
    # How many institutions the SDG table ranks in this edition, when known (1,180).
    table_size: int | None = None

    def name(self, language: str) -> str:
        return self.name_fr if language == "fr" and self.name_fr else self.name_en


@dataclass(frozen=True)
class SchoolFacts:
    name: str
    slug: str
    country: str
    rank: Rank | None = None
    previous_rank: Rank | None = None
    national_rank: int | None = None
    previous_national_rank: int | None = None
    # Another institution of the same country has the same national rank: "joint 4th".
    national_rank_shared: bool = False
    sdgs: tuple[SDGStanding, ...] = ()
    # In a table of this edition at all (an overall rank or SDG tables only).
    listed: bool = True
    # University, engineering, business, other ("" unknown: School.Category), and the school's
    # position among its country's institutions of that category in the overall table: None
    # unless every ranked institution of that country has a category.
    category: str = ""
    category_rank: int | None = None
    category_rank_shared: bool = False

    @property
    def movement(self) -> Movement | None:
        return movement(self.previous_rank, self.rank)

    @property
    def sdg_count(self) -> int:
        return len(self.sdgs)

    @property
    def first_in_country_sdgs(self) -> tuple[SDGStanding, ...]:
        return tuple(s for s in self.sdgs if s.national_rank == 1)

    def sdgs_by_bracket(self) -> dict[int, tuple[SDGStanding, ...]]:
        """SDGs in the world top 100 / 200 / 300, each in its best bracket only."""
        brackets: dict[int, list[SDGStanding]] = {top: [] for top in BRACKETS}
        for standing in self.sdgs:
            best = next((top for top in BRACKETS if standing.rank.within_top(top)), None)
            if best is not None:
                brackets[best].append(standing)
        return {top: tuple(found) for top, found in brackets.items()}


@dataclass(frozen=True)
class EditionFacts:
    year: int
    institutions_ranked: int | None = None
    # Institutions of the group's country in the overall table.
    country_institutions: int | None = None


@dataclass(frozen=True)
class GroupFigures:
    """What the group's schools add up to, as the office counts it in its later releases.

    A count is None when the data cannot support it: national ranks missing for one of the
    group's schools (or SDG rows), or a country with no more institutions than the top N.
    """

    ranked: int = 0  # schools with an overall rank
    ranked_in_country: int = 0
    in_national_top: int | None = None  # in the country's top NATIONAL_TOP overall
    sdg_world_top_100: int = 0  # places (school, SDG) in the world top 100 of the SDG tables
    sdg_world_top_200: int = 0  # more places in the top 200, the top 100 not counted again
    sdg_first_in_country: int | None = None
    sdg_second_in_country: int | None = None
    schools_in_sdg_tables: int = 0


def group_figures(
    schools: tuple[SchoolFacts, ...], country: str, country_institutions: int | None
) -> GroupFigures:
    """The group's figures from its schools' facts: no query, so hand-built facts get them."""
    ranked = [s for s in schools if s.rank is not None]
    in_country = [s for s in ranked if s.country == country]
    in_top = None
    complete = all(s.national_rank is not None for s in in_country)
    if in_country and complete and (country_institutions or 0) > NATIONAL_TOP:
        in_top = sum(1 for s in in_country if s.national_rank <= NATIONAL_TOP)
    standings = [standing for s in schools for standing in s.sdgs]
    national = [standing for s in schools if s.country == country for standing in s.sdgs]
    national_complete = bool(national) and all(s.national_rank is not None for s in national)
    return GroupFigures(
        ranked=len(ranked),
        ranked_in_country=len(in_country),
        in_national_top=in_top,
        sdg_world_top_100=sum(1 for s in standings if s.rank.within_top(100)),
        sdg_world_top_200=sum(
            1 for s in standings if s.rank.within_top(200) and not s.rank.within_top(100)
        ),
        sdg_first_in_country=sum(1 for s in national if s.national_rank == 1)
        if national_complete
        else None,
        sdg_second_in_country=sum(1 for s in national if s.national_rank == 2)
        if national_complete
        else None,
        schools_in_sdg_tables=sum(1 for s in schools if s.sdgs),
    )


@dataclass(frozen=True)
class ContactFacts:
    name: str
    role_en: str = ""
    role_fr: str = ""
    organisation: str = ""
    email: str = ""
    phones: tuple[str, ...] = ()

    def role(self, language: str) -> str:
        return (self.role_fr if language == "fr" else self.role_en) or self.role_en


@dataclass(frozen=True)
class ReleaseFacts:
    group_name: str
    group_short_name: str
    group_slug: str
    ranking_name: str
    country: str
    edition: EditionFacts
    previous: EditionFacts | None = None
    schools: tuple[SchoolFacts, ...] = ()
    website: str = ""
    social_handle: str = ""
    social_url: str = ""
    about_en: str = ""
    about_fr: str = ""
    measures_en: str = ""
    measures_fr: str = ""
    contacts: tuple[ContactFacts, ...] = field(default=())
    # The group's figures, computed by `release_facts`; None in facts built without them.
    figures: GroupFigures | None = None
    # Any ranking but THE Impact: its names, scope and subject tables (None for THE Impact).
    ranking: RankingFacts | None = None

    def with_figures(self) -> ReleaseFacts:
        return replace(
            self,
            figures=group_figures(self.schools, self.country, self.edition.country_institutions),
        )

    def about(self, language: str) -> str:
        """The group's "About" text; the other language's when this one is empty, as the
        office itself printed the French paragraph under its English release."""
        own, other = (
            (self.about_fr, self.about_en) if language == "fr" else (self.about_en, self.about_fr)
        )
        return own or other

    def measures(self, language: str) -> str:
        return self.measures_fr if language == "fr" else self.measures_en

    def sdg_table_sizes(self) -> dict[int, int]:
        """The known sizes of the SDG tables the group's schools are in."""
        return {
            standing.number: standing.table_size
            for school in self.schools
            for standing in school.sdgs
            if standing.table_size
        }

    def sdg_tables(self) -> list[tuple[SDGStanding, tuple[tuple[SchoolFacts, SDGStanding], ...]]]:
        """Each SDG table the group's schools are in, with them, best first: the SDG by SDG
        section."""
        tables: dict[int, list[tuple[SchoolFacts, SDGStanding]]] = {}
        for school in self.schools:
            for standing in school.sdgs:
                tables.setdefault(standing.number, []).append((school, standing))
        return [
            (
                found[0][1],
                tuple(sorted(found, key=lambda pair: (pair[1].rank.sort_key, pair[0].name))),
            )
            for _number, found in sorted(tables.items())
        ]

    @property
    def ranked_schools(self) -> tuple[SchoolFacts, ...]:
        """Schools with an overall rank in this edition, best first."""
        return tuple(s for s in self.schools if s.rank is not None)

    @property
    def ranked_in_country(self) -> tuple[SchoolFacts, ...]:
        return tuple(s for s in self.ranked_schools if s.country == self.country)

    @property
    def country_leaders(self) -> tuple[SchoolFacts, ...]:
        """The group's schools first in the country: more than one when they tie."""
        return tuple(s for s in self.ranked_in_country if s.national_rank == 1)

    @property
    def country_leader(self) -> SchoolFacts | None:
        return next(iter(self.country_leaders), None)

    @property
    def newcomers(self) -> tuple[SchoolFacts, ...]:
        if self.previous is None:  # no earlier edition in the data: nobody is new to it
            return ()
        return tuple(s for s in self.ranked_schools if s.movement is Movement.NEW)

    @property
    def leavers(self) -> tuple[SchoolFacts, ...]:
        return tuple(s for s in self.schools if s.movement is Movement.LEFT)


def _standing(sdg_result: SDGResult) -> SDGStanding:
    return SDGStanding(
        number=sdg_result.sdg.number,
        name_en=sdg_result.sdg.name_en or sdg_result.sdg.name,
        name_fr=sdg_result.sdg.name_fr or "",
        rank=sdg_result.rank,
        national_rank=sdg_result.national_rank,
        table_size=getattr(sdg_result, "table_size", None),
    )


def _with_table_size(sdg_results: QuerySet[SDGResult]) -> QuerySet[SDGResult]:
    """Each SDG result with the size of its table, in the same query (a subquery)."""
    size = SDGTable.objects.filter(edition=OuterRef("result__edition"), sdg=OuterRef("sdg"))
    return sdg_results.annotate(table_size=Subquery(size.values("institutions_ranked")[:1]))


def result_facts(result: Result) -> SchoolFacts:
    """One stored result as a release sees it, with its SDG tables as last saved."""
    rows = _with_table_size(result.sdg_results.select_related("sdg").order_by("sdg"))
    return SchoolFacts(
        name=result.school.name,
        slug=result.school.slug,
        country=str(result.school.country),
        rank=result.rank,
        national_rank=result.national_rank,
        sdgs=tuple(_standing(row) for row in rows),
    )


def _main_country(results: list[Result]) -> str:
    """The group's country: where most of its ranked schools are."""
    counts = Counter(str(result.school.country) for result in results)
    if not counts:
        return ""
    return min(counts, key=lambda country: (-counts[country], country))


def _order(school: SchoolFacts) -> tuple:
    # Ranked schools best first, then those in SDG tables only, then those that left.
    if school.rank is not None:
        return (0, school.rank.sort_key, school.name)
    return (1 if school.listed else 2, (0, 0), school.name)


@dataclass(frozen=True)
class _Peer:
    """An institution of the overall table, in a country of the group's schools."""

    school_id: int
    country: str
    category: str
    rank: Rank | None
    national_rank: int | None


def _peers(group: Group, edition: Edition) -> list[_Peer]:
    """The overall table's institutions in the countries of the group's schools, any
    institution, not only the group's: a tie with an outside school still makes a national
    rank joint, and "first among French business schools" compares with every one of them.
    One query; a country has tens of institutions in a table, not thousands."""
    countries = School.objects.filter(group=group).values("country")
    rows = (
        Result.objects.filter(edition=edition, school__country__in=countries)
        .filter(Q(rank_low__isnull=False) | Q(national_rank__isnull=False))
        .order_by()
        .values_list(
            "school_id",
            "school__country",
            "school__category",
            "rank_low",
            "rank_high",
            "rank_tie",
            "national_rank",
        )
    )
    return [
        _Peer(school_id, str(country), category, Rank(low, high, tie) if low else None, national)
        for school_id, country, category, low, high, tie, national in rows
    ]


def _shared_national_ranks(peers: list[_Peer]) -> set[tuple[str, int]]:
    """(country, national rank) pairs held by more than one institution."""
    held = Counter((p.country, p.national_rank) for p in peers if p.national_rank is not None)
    return {pair for pair, holders in held.items() if holders > 1}


def _ahead(other: _Peer, school: _Peer) -> int:
    """-1 when `other` is ahead of `school`, 0 when level (or not to be told apart), 1 behind:
    by national rank when both have one, else by overall rank."""
    if other.national_rank is not None and school.national_rank is not None:
        a, b = other.national_rank, school.national_rank
    else:
        a, b = other.rank.sort_key, school.rank.sort_key
    return (a > b) - (a < b)


def category_ranks(peers: list[_Peer]) -> dict[int, tuple[int, bool]]:
    """School id -> (position among its country's institutions of its category in the overall
    table, shared with another), for the countries where every ranked institution has a
    category: one without would make "first among business schools" a guess."""
    ranked = [p for p in peers if p.rank is not None]
    unknown = {p.country for p in ranked if not p.category}
    positions = {}
    for school in ranked:
        if school.country in unknown:
            continue
        same = [
            p
            for p in ranked
            if p.country == school.country
            and p.category == school.category
            and p.school_id != school.school_id
        ]
        order = [_ahead(p, school) for p in same]
        positions[school.school_id] = (1 + order.count(-1), 0 in order)
    return positions


def release_facts(group: Group, edition: Edition) -> ReleaseFacts:
    """Everything a release needs for one group and one edition, in eight queries."""
    edition = Edition.objects.select_related("ranking").get(pk=edition.pk)
    previous = edition.previous()
    editions = [edition.pk] + ([previous.pk] if previous else [])
    results = list(
        Result.objects.filter(
            edition__in=editions,
            school__group=group,
            school__kind__in=[School.Kind.MEMBER, School.Kind.SUBSIDIARY],
        )
        .select_related("school")
        .prefetch_related(
            Prefetch(
                "sdg_results",
                queryset=_with_table_size(
                    SDGResult.objects.select_related("sdg").order_by("sdg_id")
                ),
            )
        )
    )
    current = {r.school_id: r for r in results if r.edition_id == edition.pk}
    before = {r.school_id: r for r in results if previous and r.edition_id == previous.pk}
    country = _main_country(list(current.values()) or list(before.values()))
    country_counts = {
        (row.edition_id, str(row.country)): row.institutions_ranked
        for row in EditionCountry.objects.filter(edition__in=editions, country=country)
    }
    peers = _peers(group, edition)
    shared_national_ranks = _shared_national_ranks(peers)
    by_category = category_ranks(peers)

    schools = []
    for school_id in current.keys() | before.keys():
        now, then = current.get(school_id), before.get(school_id)
        if now is None and then.rank is None:
            continue  # in SDG tables last time, absent now: there is nothing to report
        school = (now or then).school
        schools.append(
            SchoolFacts(
                name=school.name,
                slug=school.slug,
                country=str(school.country),
                rank=now.rank if now else None,
                previous_rank=then.rank if then else None,
                national_rank=now.national_rank if now else None,
                previous_national_rank=then.national_rank if then else None,
                national_rank_shared=bool(now)
                and (str(school.country), now.national_rank) in shared_national_ranks,
                sdgs=tuple(_standing(s) for s in now.sdg_results.all()) if now else (),
                listed=now is not None,
                category=school.category,
                category_rank=by_category.get(school_id, (None, False))[0] if now else None,
                category_rank_shared=by_category.get(school_id, (None, False))[1] if now else False,
            )
        )

    contacts = tuple(
        ContactFacts(
            name=contact.name,
            role_en=contact.role_en or "",
            role_fr=contact.role_fr or "",
            organisation=contact.organisation,
            email=contact.email,
            phones=tuple(phone.number for phone in contact.phones.all()),
        )
        for contact in PressContact.objects.filter(group=group).prefetch_related("phones")
    )

    def edition_facts(e: Edition) -> EditionFacts:
        return EditionFacts(
            year=e.year,
            institutions_ranked=e.institutions_ranked,
            country_institutions=country_counts.get((e.pk, country)),
        )

    ranking = edition.ranking
    facts = ReleaseFacts(
        group_name=group.name,
        group_short_name=group.short_name or group.name,
        group_slug=group.slug,
        ranking_name=ranking.name,
        country=country,
        edition=edition_facts(edition),
        previous=edition_facts(previous) if previous else None,
        schools=tuple(sorted(schools, key=_order)),
        website=group.website,
        social_handle=group.social_handle,
        social_url=group.social_url,
        about_en=group.about_en or "",
        about_fr=group.about_fr or "",
        measures_en=ranking.description_en or "",
        measures_fr=ranking.description_fr or "",
        contacts=contacts,
        ranking=None if ranking.is_impact else ranking_facts(group, edition),
    )
    return facts.with_figures()
