"""The admin for rankings, their editions, the per-country counts and the 17 SDGs."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from common.admin import EditorRowsFormSet, PublicPageLinkMixin, count_of, link
from common.numbers import grouped
from schools.admin import EDITOR_CSS

from ..models import (
    SDG,
    Edition,
    EditionCountry,
    Ranking,
    Result,
)
from .results import swatch


@admin.register(Ranking)
class RankingAdmin(PublicPageLinkMixin, TranslationAdmin):
    list_display = ["name", "publisher", "edition_count", "url_link"]
    search_fields = ["name", "publisher"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "publisher", "url"]}),
        (
            _("Description"),
            {
                "fields": [("description_en", "description_fr")],
                "description": _(
                    "One sentence on what the ranking measures, quoted by press "
                    "releases, in English and in French."
                ),
            },
        ),
    ]

    class Media:
        css = EDITOR_CSS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Ranking]:
        return super().get_queryset(request).annotate(edition_count=count_of(Edition, "ranking"))

    @admin.display(description=_("editions"), ordering="edition_count")
    def edition_count(self, ranking: Ranking) -> str:
        return grouped(ranking.edition_count)

    @admin.display(description=_("link"), ordering="url")
    def url_link(self, ranking: Ranking) -> str:
        return link(ranking.url)


class EditionCountryInline(admin.TabularInline):
    model = EditionCountry
    formset = EditorRowsFormSet
    fields = ["country", "institutions_ranked"]
    extra = 1
    # Django's button reads "Add another %(verbose_name)s": "Add another Country".
    verbose_name = _("country")
    verbose_name_plural = _("Institutions ranked per country (e.g. 18 in France in 2021)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[EditionCountry]:
        # Each row's title reads its edition and ranking (EditionCountry.__str__).
        return super().get_queryset(request).select_related("edition__ranking")


@admin.register(Edition)
class EditionAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    # Counts grouped as the editor's language writes them (8,449; 8 449), years not.
    list_display = ["year", "ranking", "published_at", "institutions", "result_count"]
    list_filter = ["ranking"]
    list_select_related = ["ranking"]
    search_fields = ["ranking__name", "year__exact"]
    search_help_text = _("Search by year (2021) or ranking name.")
    autocomplete_fields = ["ranking"]
    inlines = [EditionCountryInline]
    fieldsets = [
        (None, {"fields": ["ranking", "year", "published_at"]}),
        (
            _("Size of the tables"),
            {
                "fields": ["institutions_ranked"],
                "description": _(
                    "Press releases quote these totals. An import of a whole edition "
                    "fills them in; type them here when you only import your own schools."
                ),
            },
        ),
        (_("Internal"), {"fields": ["notes"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Edition]:
        return super().get_queryset(request).annotate(result_count=count_of(Result, "edition"))

    @admin.display(description=_("results"), ordering="result_count")
    def result_count(self, edition: Edition) -> str:
        return grouped(edition.result_count)

    @admin.display(description=_("institutions ranked"), ordering="institutions_ranked")
    def institutions(self, edition: Edition) -> str:
        return grouped(edition.institutions_ranked) or self.get_empty_value_display()


@admin.register(SDG)
class SDGAdmin(TranslationAdmin):
    """The 17 goals are fixed by the UN: editors may fix a name, never add or remove one."""

    list_display = ["number", "goal", "name_fr", "colour"]
    list_display_links = ["number", "goal"]
    search_fields = ["name_en", "name_fr", "number__exact"]
    readonly_fields = ["number"]
    fieldsets = [(None, {"fields": ["number", ("name_en", "name_fr"), "colour"]})]

    class Media:
        css = EDITOR_CSS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SDG | None = None) -> bool:
        return False

    @admin.display(description=_("goal"), ordering="number")
    def goal(self, sdg: SDG) -> str:
        return swatch(sdg, sdg.name)
