"""sitemap.xml: every public page in both languages, with hreflang alternates."""

from __future__ import annotations

from django.urls import reverse

from common.origin import OriginSitemap
from press.sitemaps import PressReleaseSitemap
from rankings.models import Edition, Result, SDGResult
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
    priority = 0.7

    def items(self) -> list[int]:
        years = Edition.objects.public().values_list("year", flat=True)
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


sitemaps = {
    "pages": StaticSitemap,
    "schools": SchoolSitemap,
    "editions": EditionSitemap,
    "sdg-tables": SDGTableSitemap,
    "press": PressReleaseSitemap,
}
