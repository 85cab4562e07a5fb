"""What a release about a ranking other than THE Impact needs beyond the overall table: the
ranking's names and scope, and each school's places in the ranking's subject tables.

`ranking_facts(group, edition)` adds two queries to `release_facts`, none for THE Impact.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Min

from rankings.models import Edition, SubjectResult
from rankings.ranks import Rank
from schools.models import Group, School


@dataclass(frozen=True)
class SubjectStanding:
    name_en: str
    name_fr: str
    rank: Rank
    # Institutions the subject table ranks: known only when the edition holds the table whole
    # (it starts at 1 and has a row for every position), as an import of THE's file leaves it.
    # An extract of the group's own schools says nothing of the table's size: None.
    size: int | None = None

    def name(self, language: str) -> str:
        return self.name_fr if language == "fr" and self.name_fr else self.name_en


@dataclass(frozen=True)
class RankingFacts:
    """The ranking a release is about, when it is not THE Impact (whose release has its own
    writer: SDG tables, the SDG 17 rule)."""

    slug: str
    name_en: str
    name_fr: str = ""
    # A national ranking ranks one country's institutions: positions are already national.
    national: bool = False
    # Each school's subject tables (by school slug), best place first.
    subjects: tuple[tuple[str, tuple[SubjectStanding, ...]], ...] = ()

    def name(self, language: str) -> str:
        return self.name_fr if language == "fr" and self.name_fr else self.name_en

    def subjects_of(self, school_slug: str) -> tuple[SubjectStanding, ...]:
        return dict(self.subjects).get(school_slug, ())


def _sizes(edition: Edition, subject_ids: set[int]) -> dict[int, int]:
    """The size of each whole subject table among `subject_ids`, counted from its rows."""
    rows = (
        SubjectResult.objects.filter(result__edition=edition, subject__in=subject_ids)
        .values("subject")
        .annotate(rows=Count("pk"), best=Min("rank_low"), last=Max("rank_low"))
        .order_by()
    )
    return {
        row["subject"]: row["rows"]
        for row in rows
        if row["best"] == 1 and row["rows"] >= row["last"]
    }


def ranking_facts(group: Group, edition: Edition) -> RankingFacts:
    """The ranking of `edition` (loaded with it) and the group's schools' subject tables."""
    ranking = edition.ranking
    rows = list(
        SubjectResult.objects.filter(
            result__edition=edition,
            result__school__group=group,
            result__school__kind__in=[School.Kind.MEMBER, School.Kind.SUBSIDIARY],
        ).select_related("subject", "result__school")
    )
    sizes = _sizes(edition, {row.subject_id for row in rows}) if rows else {}
    by_school: dict[str, list[tuple[tuple, SubjectStanding]]] = {}
    for row in rows:
        name_en = row.subject.name_en or row.subject.name
        standing = SubjectStanding(
            name_en=name_en,
            name_fr=row.subject.name_fr or "",
            rank=row.rank,
            size=sizes.get(row.subject_id),
        )
        key = (row.rank.sort_key, name_en)
        by_school.setdefault(row.result.school.slug, []).append((key, standing))
    return RankingFacts(
        slug=ranking.slug,
        name_en=ranking.name_en or ranking.name,
        name_fr=ranking.name_fr or "",
        national=ranking.is_national,
        subjects=tuple(
            (slug, tuple(standing for _key, standing in sorted(found, key=lambda p: p[0])))
            for slug, found in sorted(by_school.items())
        ),
    )
