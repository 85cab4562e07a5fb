"""The admin editors use for the group, its schools and its press contacts."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common.admin import EditorRowsFormSet, PublicPageLinkMixin, count_of, link
from common.numbers import grouped
from common.text import name_key
from spreadsheets.admin import SafeImportExportMixin

from .models import Group, KeyFigure, PhoneNumber, PressContact, School
from .resources import PressContactResource, SchoolResource

# Translations side by side, narrower selects in inline rows: see the file.
EDITOR_CSS = {"all": ["schools/admin.css"]}


class CountryFilter(admin.SimpleListFilter):
    """The countries institutions are in, by name: a few dozen, not all 249."""

    title = _("country")
    parameter_name = "country"
    country_lookup = "country"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        codes = School.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(**{self.country_lookup: self.value()})
        return queryset


class MembershipFilter(admin.SimpleListFilter):
    """The group's schools first: an import adds a thousand other institutions, which would
    push them off the first page. A search or any other filter looks at every institution."""

    title = _("membership")
    parameter_name = "show"
    ALL = "all"

    def __init__(self, request: HttpRequest, params, model, model_admin) -> None:
        super().__init__(request, params, model, model_admin)
        # Django removes its own parameters (ordering, page) before filters see them. An export
        # with no filter still writes every institution, as data staff expect.
        on_the_list = getattr(request.resolver_match, "url_name", "").endswith("_changelist")
        self.narrowed = (
            on_the_list
            and self.value() is None
            and not (set(params) - {self.parameter_name} or request.GET.get(SEARCH_VAR))
        )

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [(self.ALL, _("All institutions"))]

    def has_output(self) -> bool:
        return True

    def choices(self, changelist):
        yield {
            "selected": self.narrowed,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("The groups’ schools and partners"),
        }
        yield {
            "selected": not self.narrowed,
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
            "display": _("All institutions"),
        }

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(group__isnull=False) if self.narrowed else queryset


class SchoolChangeList(ChangeList):
    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        if any(getattr(spec, "narrowed", False) for spec in self.filter_specs):
            # Django would offer "(1,202 total)", a link back to this same default page; the
            # membership filter offers all institutions instead.
            self.full_result_count = self.result_count


class KeyFigureInline(TranslationTabularInline):
    model = KeyFigure
    formset = EditorRowsFormSet
    fields = ["value", "label", "order"]
    extra = 1
    verbose_name = _("key figure")
    verbose_name_plural = _("Key figures (quoted in the “About” paragraph, e.g. 13,000 students)")


@admin.register(Group)
class GroupAdmin(PublicPageLinkMixin, TranslationAdmin):
    list_display = ["name", "short_name", "school_count", "website_link"]
    search_fields = ["name", "short_name"]
    search_help_text = _("Search by name or abbreviation.")
    prepopulated_fields = {"slug": ["name"]}
    inlines = [KeyFigureInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug"]}),
        (
            _("On the web"),
            {
                "fields": ["website", ("social_handle", "social_url")],
                "description": _("Printed at the end of every press release."),
            },
        ),
        (
            _("About the group"),
            {
                "fields": [("about_en", "about_fr")],
                "description": _(
                    "The closing paragraph of every press release, in English and "
                    "in French. If the French text is empty, the English one is used."
                ),
            },
        ),
        (_("Press releases"), {"fields": ["releases_need_approval"]}),
    ]

    class Media:
        css = EDITOR_CSS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        return super().get_queryset(request).annotate(school_count=count_of(School, "group"))

    @admin.display(description=_("schools"), ordering="school_count")
    def school_count(self, group: Group) -> str:
        return grouped(group.school_count)

    @admin.display(description=_("website"), ordering="website")
    def website_link(self, group: Group) -> str:
        return link(group.website)


class AddToGroupForm(forms.Form):
    group = forms.ModelChoiceField(Group.objects.all(), empty_label=None, label=_("Group"))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in School.Kind if k != School.Kind.OTHER],
        initial=School.Kind.MEMBER,
    )


@admin.register(School)
class SchoolAdmin(SafeImportExportMixin, PublicPageLinkMixin, admin.ModelAdmin):
    resource_classes = [SchoolResource]
    actions = ["add_to_group"]
    list_display = ["name", "country_name", "city", "kind", "category", "group"]
    list_filter = [MembershipFilter, "kind", "category", "group", CountryFilter]
    list_select_related = ["group"]
    search_fields = ["name_key", "short_name", "city"]
    search_help_text = _("Search by name or city; accents, case and hyphens do not matter.")
    autocomplete_fields = ["group"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug"]}),
        (_("Where"), {"fields": [("country", "city"), "website"]}),
        (
            _("Membership"),
            {
                "fields": ["group", "kind", "category"],
                "description": _(
                    "Only the group's schools and partners have a group; an "
                    "institution known from the ranking tables alone has none."
                ),
            },
        ),
    ]

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return SchoolChangeList

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        return super().get_search_results(request, queryset, name_key(search_term))

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, school: School) -> str:
        return school.country.name

    @admin.action(description=_("Add to a group…"), permissions=["change"])
    def add_to_group(self, request: HttpRequest, queryset: QuerySet[School]):
        """After an import the group's schools are "other institutions": make them members."""
        form = AddToGroupForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            group, kind = form.cleaned_data["group"], form.cleaned_data["kind"]
            with transaction.atomic():
                for school in queryset:
                    school.group, school.kind = group, kind
                    # save(), not update(): signals keep the public pages' cache fresh.
                    school.save(update_fields=["group", "kind"])
                    self.log_change(
                        request,
                        school,
                        gettext("Added to %(group)s as %(kind)s.")
                        % {"group": group, "kind": school.get_kind_display()},
                    )
            label = School.Kind(kind).label.lower()
            count = len(queryset)
            message = ngettext(
                "%(count)s added to %(group)s (%(kind)s).",
                "%(count)s added to %(group)s (%(kind)s).",
                count,
            ) % {"count": count, "group": group, "kind": label}
            self.message_user(request, message, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Add institutions to a group"),
            "opts": self.model._meta,
            "schools": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/schools/school/add_to_group.html", context)


class PhoneNumberInline(admin.TabularInline):
    model = PhoneNumber
    formset = EditorRowsFormSet
    fields = ["number", "kind", "label", "order"]
    extra = 1


@admin.register(PressContact)
class PressContactAdmin(SafeImportExportMixin, PublicPageLinkMixin, TranslationAdmin):
    resource_classes = [PressContactResource]
    list_display = ["name", "role", "organisation", "group", "email", "phone_list"]
    list_filter = ["group"]
    list_select_related = ["group"]
    search_fields = ["name", "role_en", "role_fr", "organisation", "email"]
    search_help_text = _("Search by name, role, organisation or e-mail.")
    autocomplete_fields = ["group"]
    inlines = [PhoneNumberInline]
    fieldsets = [
        (
            None,
            {
                "fields": ["name", ("role_en", "role_fr"), "organisation", "email"],
                "description": _(
                    "Printed at the end of press releases and on the contact page. "
                    "Phone numbers are below."
                ),
            },
        ),
        (
            _("Where the contact appears"),
            {"fields": ["group", "order"]},
        ),
    ]

    class Media:
        css = EDITOR_CSS

    def get_queryset(self, request: HttpRequest) -> QuerySet[PressContact]:
        return super().get_queryset(request).prefetch_related("phones")

    @admin.display(description=_("phones"))
    def phone_list(self, contact: PressContact) -> str:
        return ", ".join(phone.number for phone in contact.phones.all())
