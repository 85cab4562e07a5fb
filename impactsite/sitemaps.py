"""sitemap.xml: every public page in both languages, with hreflang alternates."""

from __future__ import annotations

from django.urls import reverse

from common.origin import OriginSitemap
from press.sitemaps import PressReleaseSitemap
from rankings.models import IMPACT_RANKING, Edition, Ranking, Result, SDGResult, SubjectResult
from schools.models import School


class I18nSitemap(OriginSitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(I18nSitemap):
    priority = 0.8

    def items(self) -> list[str]:
        return [
            "home",
            "schools:list",
            "rankings:index",
            "press:list",
            "schools:contact",
            "schools:about",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class SchoolSitemap(I18nSitemap):
    """Every institution with a result in a public edition (they all have a page)."""

    priority = 0.6

    def items(self):
        results = Result.objects.filter(edition__in=Edition.objects.public())
        return School.objects.filter(pk__in=results.values("school")).order_by("slug")


class EditionSitemap(I18nSitemap):
    """THE Impact's editions, at their historical addresses (/rankings/<year>/)."""

    priority = 0.7

    def items(self) -> list[int]:
        years = Edition.objects.public().filter(ranking__slug=IMPACT_RANKING)
        years = years.values_list("year", flat=True)
        return sorted(set(years), reverse=True)

    def location(self, year: int) -> str:
        return reverse("rankings:edition", kwargs={"year": year})


class SDGTableSitemap(I18nSitemap):
    priority = 0.5

    def items(self) -> list[tuple[int, int]]:
        return list(
            SDGResult.objects.filter(result__edition__in=Edition.objects.public())
            .order_by("-result__edition__year", "sdg_id")
            .values_list("result__edition__year", "sdg_id")
            .distinct()
        )

    def location(self, item: tuple[int, int]) -> str:
        year, number = item
        return reverse("rankings:sdg", kwargs={"year": year, "number": number})


class RankingSitemap(I18nSitemap):
    """Every ranking with a public edition: its page lists the editions."""

    priority = 0.7

    def items(self):
        public = Edition.objects.public().values("ranking")
        return Ranking.objects.filter(pk__in=public).order_by("slug")


class RankingEditionSitemap(I18nSitemap):
    """The other rankings' editions (THE Impact's are in EditionSitemap)."""

    priority = 0.7

    def items(self) -> list[tuple[str, int]]:
        return list(
            Edition.objects.public()
            .exclude(ranking__slug=IMPACT_RANKING)
            .order_by("ranking__slug", "-year")
            .values_list("ranking__slug", "year")
        )

    def location(self, item: tuple[str, int]) -> str:
        slug, year = item
        return reverse("rankings:ranking_edition", kwargs={"slug": slug, "year": year})


class SubjectTableSitemap(I18nSitemap):
    priority = 0.5

    def items(self) -> list[tuple[str, int, str]]:
        return list(
            SubjectResult.objects.filter(result__edition__in=Edition.objects.public())
            .order_by("result__edition__ranking__slug", "-result__edition__year", "subject__slug")
            .values_list("result__edition__ranking__slug", "result__edition__year", "subject__slug")
            .distinct()
        )

    def location(self, item: tuple[str, int, str]) -> str:
        slug, year, subject = item
        return reverse("rankings:subject", kwargs={"slug": slug, "year": year, "subject": subject})


sitemaps = {
    "pages": StaticSitemap,
    "schools": SchoolSitemap,
    "editions": EditionSitemap,
    "sdg-tables": SDGTableSitemap,
    "rankings": RankingSitemap,
    "ranking-editions": RankingEditionSitemap,
    "subject-tables": SubjectTableSitemap,
    "press": PressReleaseSitemap,
}
