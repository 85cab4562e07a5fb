"""The admin data staff use for results and SDG results: lists with moves, checks on save."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group as StaffGroup
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.admin import EditorRowsFormSet, PublicPageLinkMixin, count_of
from common.numbers import grouped, score_text
from common.text import name_key
from schools.admin import EDITOR_CSS, CountryFilter

from ..forms import ResultForm, SDGResultForm, SubjectResultForm
from ..import_admin import ResultImportExportMixin
from ..models import (
    SDG,
    Edition,
    RankedEntry,
    Result,
    SDGResult,
    Subject,
    SubjectResult,
)
from ..ranks import Movement, Rank, movement
from .national import NationalRanksFollow

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


MOVEMENT_TEXT = {
    Movement.UP: _("↑ up from %(previous)s"),
    Movement.DOWN: _("↓ down from %(previous)s"),
    Movement.SAME: _("= no change since %(year)s"),
    Movement.NEW: _("new entry"),
    Movement.LEFT: _("not ranked (was %(previous)s)"),
}


def rank_display(entry: RankedEntry) -> str | None:
    return str(entry.rank) if entry.rank else None


def results_editors() -> list[str]:
    """The staff groups whose members may change results, to name them to those who may not."""
    return list(
        StaffGroup.objects.filter(
            permissions__codename="change_result", permissions__content_type__app_label="rankings"
        ).values_list("name", flat=True)
    )


class RankAndScoreAsText:
    """The rank and score a viewer reads, where an editor has the form's boxes.

    Without these, the admin would look the form's names up on the model and print the
    None of an institution not ranked overall as "None".
    """

    def get_fieldsets(self, request: HttpRequest, obj=None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # The version guards an editor's save against another's; a viewer saves nothing.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "version"]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("rank"))
    def rank(self, entry: RankedEntry) -> str:
        return rank_display(entry) or self.get_empty_value_display()

    @admin.display(description=_("score"), ordering="score_low")
    def score(self, entry: RankedEntry) -> str:
        return score_text(entry.score_low, entry.score_high) or self.get_empty_value_display()


class ViewOnlyExplained(RankAndScoreAsText):
    """Editors may read results but not change them: the page says who can."""

    change_form_template = "admin/rankings/result/change_form.html"

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        if not self.has_change_permission(request):
            extra_context = {**(extra_context or {}), "results_editors": results_editors()}
        return super().change_view(request, object_id, form_url, extra_context)


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


class SDGResultInline(RankAndScoreAsText, admin.TabularInline):
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


class SubjectResultInline(admin.TabularInline):
    model = SubjectResult
    formset = EditorRowsFormSet
    form = SubjectResultForm
    fields = ["subject", "rank", "score", "national_rank", "version"]
    ordering = ["subject__name_key"]
    extra = 1
    verbose_name_plural = _("Subject tables (one row per subject the institution was ranked in)")

    class Media:
        css = EDITOR_CSS

    def get_formset(self, request: HttpRequest, obj: Result | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # The subjects of the result's own ranking only (a class made for this request).
            field = formset.form.base_fields["subject"]
            field.queryset = Subject.objects.filter(ranking_id=obj.edition.ranking_id)
        return formset


@admin.register(Result)
class ResultAdmin(
    NationalRanksFollow,
    ViewOnlyExplained,
    ResultImportExportMixin,
    PublicPageLinkMixin,
    admin.ModelAdmin,
):
    form = ResultForm
    # The ranks first: at 1,366 px, beside the menu and the filters, the last columns are
    # the ones that scroll out of sight.
    list_display = [
        "school",
        "overall_rank",
        "since_previous",
        "sdg_count",
        "national_rank",
        "score",
        "country",
        "edition",
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
    inlines = [SDGResultInline, SubjectResultInline]
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
    ]

    class Media:
        css = EDITOR_CSS

    def get_inline_instances(self, request: HttpRequest, obj: Result | None = None) -> list:
        # THE Impact's subject tables are the SDGs; another ranking's are its subjects. A new
        # result, whose ranking is not known yet, offers the SDGs as before.
        other = obj is not None and not obj.edition.ranking.is_impact
        wanted = SubjectResultInline if other else SDGResultInline
        return [
            inline
            for inline in super().get_inline_instances(request, obj)
            if isinstance(inline, wanted)
        ]

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

    @admin.display(description=_("since the edition before"))
    def since_previous(self, result: Result) -> SafeString | None:
        if result.previous_year is None:
            return None  # the ranking's first edition: nothing to compare with
        previous = None
        if result.previous_low is not None:
            previous = Rank(result.previous_low, result.previous_high, result.previous_tie)
        change = movement(previous, result.rank)
        if change is None:
            return None
        # The sentence may wrap, a rank ("301–400") may not: split, it reads as two numbers.
        return mark_safe(  # the translated text escaped, the rank built by format_html
            conditional_escape(MOVEMENT_TEXT[change])
            % {
                "previous": format_html('<span class="nowrap">{}</span>', previous),
                "year": result.previous_year,
            }
        )

    @admin.display(description=_("SDGs ranked in"), ordering="sdg_count")
    def sdg_count(self, result: Result) -> str:
        return grouped(result.sdg_count)


@admin.register(SDGResult)
class SDGResultAdmin(NationalRanksFollow, ViewOnlyExplained, admin.ModelAdmin):
    form = SDGResultForm
    list_display = ["school", "goal", "sdg_rank", "national_rank", "score", "edition"]
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
