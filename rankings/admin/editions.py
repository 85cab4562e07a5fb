"""The admin for rankings, their subjects, their editions, the per-country counts and SDG
table sizes, and the 17 SDGs."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common.admin import EditorRowsFormSet, PublicPageLinkMixin, count_of, link
from common.numbers import grouped
from schools.admin import EDITOR_CSS

from ..models import (
    SDG,
    Edition,
    EditionCountry,
    Ranking,
    Result,
    SDGTable,
    Subject,
)
from .results import swatch


class SubjectInline(TranslationTabularInline):
    model = Subject
    formset = EditorRowsFormSet
    fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    extra = 1
    verbose_name_plural = _(
        "Subject tables (e.g. Computer science); THE Impact's are the 17 SDGs, not listed here"
    )


@admin.register(Ranking)
class RankingAdmin(PublicPageLinkMixin, TranslationAdmin):
    list_display = ["name", "publisher", "scope_display", "edition_count", "url_link"]
    list_filter = ["scope"]
    search_fields = ["name_en", "name_fr", "publisher"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [SubjectInline]
    fieldsets = [
        (None, {"fields": [("name_en", "name_fr"), "slug", "publisher", "url"]}),
        (
            _("Scope"),
            {
                "fields": [("scope", "country")],
                "description": _(
                    "A world ranking (THE, QS, Shanghai) or a national one, which ranks the "
                    "institutions of one country (L'Étudiant: French engineering schools)."
                ),
            },
        ),
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

    @admin.display(description=_("scope"), ordering="scope")
    def scope_display(self, ranking: Ranking) -> str:
        if ranking.is_national:
            return f"{ranking.get_scope_display()} ({ranking.country.name})"
        return ranking.get_scope_display()

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


class SDGTableInline(admin.TabularInline):
    model = SDGTable
    formset = EditorRowsFormSet
    fields = ["sdg", "institutions_ranked"]
    extra = 1
    verbose_name_plural = _("Institutions ranked per SDG table (e.g. 1,180 on SDG 4 in 2022)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[SDGTable]:
        # Each row's title reads its edition, ranking and SDG (SDGTable.__str__).
        return super().get_queryset(request).select_related("edition__ranking", "sdg")

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs) -> forms.Field:
        if db_field.name != "sdg":
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        # The 17 goals read once for all rows, as in a result's SDG rows.
        field = forms.ModelChoiceField(SDG.objects.all(), label=_("SDG"))
        field.choices = [("", field.empty_label), *((s.pk, str(s)) for s in SDG.objects.all())]
        return field


@admin.register(Edition)
class EditionAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    # Counts grouped as the editor's language writes them (8,449; 8 449), years not.
    list_display = ["year", "ranking", "published_at", "institutions", "result_count"]
    list_filter = ["ranking"]
    list_select_related = ["ranking"]
    search_fields = ["ranking__name", "year__exact"]
    search_help_text = _("Search by year (2021) or ranking name.")
    autocomplete_fields = ["ranking"]
    inlines = [EditionCountryInline, SDGTableInline]
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
