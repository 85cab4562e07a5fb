"""The admin editors and data staff use for rankings, editions, SDGs and results."""

from __future__ import annotations

from types import ModuleType

from django import forms
from django.contrib import admin, messages
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from press.facts import SchoolFacts, SDGStanding
from press.generator import en, fr
from schools.admin import (
    EDITOR_CSS,
    CountryFilter,
    EditorRowsFormSet,
    PublicPageLinkMixin,
    count_of,
    link,
)
from schools.models import name_key

from .forms import ResultForm, SDGResultForm
from .import_admin import ResultImportExportMixin
from .importing.plan import DEFAULT_RANKING_FIELDS
from .models import (
    SDG,
    Edition,
    EditionCountry,
    ImportJob,
    RankedEntry,
    Ranking,
    Result,
    SDGResult,
)
from .ranks import Movement, Rank, movement

RANK_ORDER = F("rank_low").asc(nulls_last=True)


def swatch(sdg: SDG, text: str) -> str:
    # The colour is decoration: the text next to it says the same to a screen reader.
    return format_html(
        '<span aria-hidden="true" style="display:inline-block;width:1em;height:1em;'
        'vertical-align:middle;margin-inline-end:.4em;border-radius:2px;background:{}">'
        "</span>{}",
        sdg.colour,
        text,
    )


def with_previous_rank(results: QuerySet[Result]) -> QuerySet[Result]:
    """Each result with its school's overall rank in the ranking's edition before it.

    Annotates previous_year (None when the edition is the first) and previous_low, _high,
    _tie (None when the school was not ranked overall that year), in the same query.
    """
    previous_year = Edition.objects.filter(
        ranking=OuterRef("edition__ranking"), year__lt=OuterRef("edition__year")
    ).order_by("-year")
    earlier = Result.objects.filter(
        school=OuterRef("school"),
        edition__ranking=OuterRef("edition__ranking"),
        edition__year=OuterRef("previous_year"),
    )
    return results.annotate(previous_year=Subquery(previous_year.values("year")[:1])).annotate(
        previous_low=Subquery(earlier.values("rank_low")[:1]),
        previous_high=Subquery(earlier.values("rank_high")[:1]),
        previous_tie=Subquery(earlier.values("rank_tie")[:1]),
    )


def overall_rank_warning(result: Result) -> str | None:
    """Why THE could not have ranked this result overall, judging by its SDG rows; else None.

    THE ranks overall only institutions with data on SDG 17 and at least three other SDGs,
    so an overall rank without them means SDG rows are still missing.
    """
    if result.rank is None:
        return None
    sdgs = set(result.sdg_results.values_list("sdg", flat=True))
    if 17 in sdgs and len(sdgs) >= 4:
        return None
    others = len(sdgs - {17})
    if 17 not in sdgs:
        missing = gettext("no SDG 17 row")
    else:
        missing = ngettext(
            "only %(count)s other SDG row besides SDG 17",
            "only %(count)s other SDG rows besides SDG 17",
            others,
        ) % {"count": others}
    return gettext(
        "%(school)s has an overall rank but %(missing)s: THE ranks overall only institutions "
        "with SDG 17 and at least three other SDGs. Add the missing SDG rows."
    ) % {"school": result.school, "missing": missing}


def sdg_sentences(language: ModuleType, school: SchoolFacts) -> str:
    """What a release says about a school's SDG tables, in one language.

    The press release's own sentence functions, so the admin shows exactly what it will print.
    """
    sentences = [
        language.sdg_count(school),
        language.brackets(school),
        language.first_in_country(school),
    ]
    return " ".join(sentence for sentence in sentences if sentence)


MOVEMENT_TEXT = {
    Movement.UP: _("↑ up from %(previous)s"),
    Movement.DOWN: _("↓ down from %(previous)s"),
    Movement.SAME: _("= no change since %(year)s"),
    Movement.NEW: _("new entry"),
    Movement.LEFT: _("not ranked (was %(previous)s)"),
}


def rank_display(entry: RankedEntry) -> str | None:
    return str(entry.rank) if entry.rank else None


class EditionFilter(admin.RelatedFieldListFilter):
    """Lists editions with their ranking in one query (Edition.__str__ reads the ranking)."""

    def field_choices(self, field, request: HttpRequest, model_admin) -> list[tuple[int, str]]:
        editions = Edition.objects.select_related("ranking")
        return [(edition.pk, str(edition)) for edition in editions]


class ResultCountryFilter(CountryFilter):
    country_lookup = "school__country"


class SDGResultCountryFilter(CountryFilter):
    country_lookup = "result__school__country"


class OverallRankFilter(admin.SimpleListFilter):
    title = _("overall rank")
    parameter_name = "overall"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("yes", _("Ranked overall")), ("no", _("In SDG tables only"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(rank_low__isnull=self.value() == "no")
        return queryset


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
    def edition_count(self, ranking: Ranking) -> int:
        return ranking.edition_count

    @admin.display(description=_("link"), ordering="url")
    def url_link(self, ranking: Ranking) -> str:
        return link(ranking.url)


class EditionCountryInline(admin.TabularInline):
    model = EditionCountry
    formset = EditorRowsFormSet
    fields = ["country", "institutions_ranked"]
    extra = 1
    verbose_name_plural = _("Institutions ranked per country (e.g. 18 in France in 2021)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[EditionCountry]:
        # Each row's title reads its edition and ranking (EditionCountry.__str__).
        return super().get_queryset(request).select_related("edition__ranking")


@admin.register(Edition)
class EditionAdmin(PublicPageLinkMixin, admin.ModelAdmin):
    list_display = ["year", "ranking", "published_on", "institutions_ranked", "result_count"]
    list_filter = ["ranking"]
    list_select_related = ["ranking"]
    search_fields = ["ranking__name", "year__exact"]
    search_help_text = _("Search by year (2021) or ranking name.")
    autocomplete_fields = ["ranking"]
    inlines = [EditionCountryInline]
    fieldsets = [
        (None, {"fields": ["ranking", "year", "published_on"]}),
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
    def result_count(self, edition: Edition) -> int:
        return edition.result_count


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


class SDGResultInline(admin.TabularInline):
    model = SDGResult
    formset = EditorRowsFormSet
    form = SDGResultForm
    fields = ["sdg", "rank", "score", "national_rank", "version"]
    ordering = ["sdg"]
    extra = 1
    max_num = 17
    verbose_name_plural = _("SDG tables (one row per SDG the institution was ranked in)")

    class Media:
        css = EDITOR_CSS

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs) -> forms.Field:
        if db_field.name != "sdg":
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        # The 17 fixed goals, read once for all rows (a plain select would query them per row),
        # and no links to edit the goals themselves from a result.
        field = forms.ModelChoiceField(SDG.objects.all(), label=_("SDG"))
        field.choices = [("", field.empty_label), *((s.pk, str(s)) for s in SDG.objects.all())]
        return field


@admin.register(Result)
class ResultAdmin(ResultImportExportMixin, PublicPageLinkMixin, admin.ModelAdmin):
    form = ResultForm
    list_display = [
        "school",
        "country",
        "edition",
        "overall_rank",
        "since_previous",
        "sdg_count",
        "national_rank",
        "score",
    ]
    list_filter = [
        ("edition", EditionFilter),
        ResultCountryFilter,
        "school__group",
        "school__kind",
        OverallRankFilter,
    ]
    list_select_related = ["school", "edition__ranking"]
    search_fields = ["school__name_key", "school__short_name"]
    search_help_text = _("Search by institution name; accents, case and hyphens do not matter.")
    autocomplete_fields = ["edition", "school"]
    inlines = [SDGResultInline]
    fieldsets = [
        (None, {"fields": ["edition", "school", "version"]}),
        (
            _("Overall table"),
            {
                "fields": ["rank", "score", "national_rank"],
                "description": _(
                    "THE ranks an institution overall only when it has data on SDG 17 "
                    "and at least three other SDGs; otherwise leave the rank empty and enter its "
                    "SDG tables below."
                ),
            },
        ),
        (
            _("In a press release"),
            {
                "fields": ["release_sentences"],
                "description": _(
                    "What a release would say about this institution's SDG tables, "
                    "from the rows as last saved: check it against THE's tables before "
                    "publishing."
                ),
            },
        ),
    ]
    readonly_fields = ["release_sentences"]

    class Media:
        css = EDITOR_CSS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Result]:
        results = super().get_queryset(request).select_related("school", "edition__ranking")
        return with_previous_rank(results.annotate(sdg_count=count_of(SDGResult, "result")))

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        return super().get_search_results(request, queryset, name_key(search_term))

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if warning := overall_rank_warning(form.instance):
            self.message_user(request, warning, messages.WARNING)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        # Results are entered for the latest edition; the address can still name another.
        initial = super().get_changeform_initial_data(request)
        if "edition" not in initial:
            latest = Edition.objects.latest_first().values_list("pk", flat=True).first()
            initial["edition"] = latest
        return initial

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs) -> forms.Field:
        if db_field.name == "edition":
            # The chosen edition is printed with its ranking's name.
            kwargs["queryset"] = Edition.objects.select_related("ranking")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("country"), ordering="school__country")
    def country(self, result: Result) -> str:
        return result.school.country.name

    @admin.display(description=_("overall rank"), ordering=RANK_ORDER)
    def overall_rank(self, result: Result) -> str | None:
        return rank_display(result)

    @admin.display(description=_("sentences"))
    def release_sentences(self, result: Result) -> str:
        if result.pk is None:
            return gettext("Written once the result is saved.")
        rows = result.sdg_results.select_related("sdg").order_by("sdg")
        school = SchoolFacts(
            name=result.school.name,
            slug=result.school.slug,
            country=str(result.school.country),
            rank=result.rank,
            national_rank=result.national_rank,
            sdgs=tuple(
                SDGStanding(
                    row.sdg_id, row.sdg.name_en, row.sdg.name_fr, row.rank, row.national_rank
                )
                for row in rows
            ),
        )
        if not school.sdgs:
            return gettext("No SDG table yet.")
        return format_html(
            '<p lang="en">{}</p><p lang="fr">{}</p>',
            sdg_sentences(en, school),
            sdg_sentences(fr, school),
        )

    @admin.display(description=_("since the edition before"))
    def since_previous(self, result: Result) -> str | None:
        if result.previous_year is None:
            return None  # the ranking's first edition: nothing to compare with
        previous = None
        if result.previous_low is not None:
            previous = Rank(result.previous_low, result.previous_high, result.previous_tie)
        change = movement(previous, result.rank)
        if change is None:
            return None
        return str(MOVEMENT_TEXT[change]) % {"previous": previous, "year": result.previous_year}

    @admin.display(description=_("SDGs ranked in"), ordering="sdg_count")
    def sdg_count(self, result: Result) -> int:
        return result.sdg_count

    @admin.display(description=_("score"), ordering="score_low")
    def score(self, result: Result) -> str | None:
        return result.score_display or None


@admin.register(SDGResult)
class SDGResultAdmin(admin.ModelAdmin):
    form = SDGResultForm
    list_display = ["school", "edition", "goal", "sdg_rank", "national_rank", "score"]
    list_filter = [("result__edition", EditionFilter), "sdg", SDGResultCountryFilter]
    list_select_related = ["result__school", "result__edition__ranking", "sdg"]
    search_fields = ["result__school__name_key", "result__school__short_name"]
    search_help_text = _("Search by institution name; filter by SDG on the right.")
    autocomplete_fields = ["result"]
    ordering = ["sdg", "rank_low", "rank_high"]
    fieldsets = [
        (None, {"fields": ["result", "sdg", "version"]}),
        (_("Position in the SDG table"), {"fields": ["rank", "score", "national_rank"]}),
    ]

    class Media:
        css = EDITOR_CSS

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs) -> forms.Field:
        if db_field.name == "result":
            kwargs["queryset"] = Result.objects.select_related("school", "edition__ranking")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        return super().get_search_results(request, queryset, name_key(search_term))

    @admin.display(description=_("institution"), ordering="result__school__name")
    def school(self, entry: SDGResult) -> str:
        return str(entry.result.school)

    @admin.display(description=_("edition"), ordering="result__edition")
    def edition(self, entry: SDGResult) -> str:
        return str(entry.result.edition)

    @admin.display(description=_("SDG"), ordering="sdg")
    def goal(self, entry: SDGResult) -> str:
        # The number alone: editors know the goals by number, and the row stays readable.
        return swatch(entry.sdg, entry.sdg.label)

    @admin.display(description=_("rank"), ordering=RANK_ORDER)
    def sdg_rank(self, entry: SDGResult) -> str | None:
        return rank_display(entry)

    @admin.display(description=_("score"), ordering="score_low")
    def score(self, entry: SDGResult) -> str | None:
        return entry.score_display or None


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Background imports: read-only, with their progress, for whoever may import results."""

    list_display = ["created_at", "filename", "year", "status", "progress", "created_by"]
    list_filter = ["status", "year"]
    list_select_related = ["created_by"]
    fields = ["status", "progress", "summary", "error_list", "filename", "ranking_name", "year"]
    fields += ["table", "sheet", "created_by", "created_at", "finished_at"]
    readonly_fields = fields
    change_form_template = "admin/rankings/importjob/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: ImportJob | None = None) -> bool:
        return request.user.has_perm("rankings.import_result") or super().has_view_permission(
            request, obj
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).defer("data")

    @admin.display(description=_("ranking"))
    def ranking_name(self, job: ImportJob) -> str:
        if not job.ranking:
            return DEFAULT_RANKING_FIELDS["name"]
        return str(Ranking.objects.filter(slug=job.ranking).first() or job.ranking)

    @admin.display(description=_("progress"))
    def progress(self, job: ImportJob) -> str:
        if job.finished or job.rows_total is None:
            return job.get_status_display()
        return gettext("%(stage)s: %(done)s of %(total)s rows (%(percent)s%%)") % {
            "stage": job.stage_display,
            "done": number_format(job.rows_done, force_grouping=True),
            "total": number_format(job.rows_total, force_grouping=True),
            "percent": job.percent,
        }

    def render_change_form(self, request: HttpRequest, context: dict, *args, **kwargs):
        # The banner says the progress as the field below does: numbers grouped ("1 000").
        job = context.get("original")
        if job is not None:
            context["progress_text"] = self.progress(job)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("errors"))
    def error_list(self, job: ImportJob) -> str:
        return "\n".join(job.errors) or "—"
