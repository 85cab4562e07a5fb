"""The editors' workflow: generate a draft from the data, edit, preview, schedule, publish."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from rankings.models import Edition
from schools.models import Group

from .. import services
from ..models import EditorialBlock, PressRelease, Revision
from ..views import render_release


def unix_newlines(text: str) -> str:
    """Browsers send a textarea's lines ended by CRLF; the generator writes LF. Keeping LF
    means an untouched save changes nothing, so records no revision."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class EditorialBlockInline(admin.StackedInline):
    model = EditorialBlock
    extra = 0
    fields = ("position", "heading", "html", "order")


class PressReleaseForm(forms.ModelForm):
    class Meta:
        model = PressRelease
        fields = ("group", "edition", "language", "title", "slug", "body", "about", "embargo_until")
        widgets = {
            "title": forms.TextInput(attrs={"size": 100}),
            "body": forms.Textarea(attrs={"rows": 30, "cols": 100}),
            "about": forms.Textarea(attrs={"rows": 8, "cols": 100}),
        }

    def clean_body(self) -> str:
        return unix_newlines(self.cleaned_data["body"])

    def clean_about(self) -> str:
        return unix_newlines(self.cleaned_data["about"])

    def clean(self):
        cleaned = super().clean()
        scheduled = self.instance.status == PressRelease.Status.SCHEDULED
        if scheduled and "_publish" in self.data:
            # "Publish now" lifts the embargo after saving; until then the release stays
            # scheduled, which needs a date.
            cleaned["embargo_until"] = cleaned.get("embargo_until") or self.instance.embargo_until
        elif scheduled and not cleaned.get("embargo_until"):
            self.add_error(
                "embargo_until",
                _(
                    "A scheduled release needs its embargo date. To remove it, withdraw the "
                    "release to draft first."
                ),
            )
        return cleaned


class GenerateForm(forms.Form):
    group = forms.ModelChoiceField(
        Group.objects.all(), label=_("Group"), help_text=_("Whose results.")
    )
    edition = forms.ModelChoiceField(
        Edition.objects.select_related("ranking").order_by("-year"),
        label=_("Edition"),
        help_text=_("Which year's ranking. The previous edition, if any, gives the movements."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=PressRelease.Language.choices,
        initial=PressRelease.Language.values,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One draft per language; the versions share a web address."),
    )


class EditionFilter(admin.SimpleListFilter):
    """Editions that have releases, with their ranking's name read in the same query."""

    title = _("edition")
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        editions = (
            Edition.objects.filter(press_releases__isnull=False)
            .select_related("ranking")
            .distinct()
            .order_by("-year")
        )
        return [(str(edition.pk), str(edition)) for edition in editions]

    def queryset(self, request, queryset):
        return queryset.filter(edition_id=self.value()) if self.value() else queryset


@admin.register(PressRelease)
class PressReleaseAdmin(admin.ModelAdmin):
    form = PressReleaseForm
    change_form_template = "admin/press/pressrelease/change_form.html"
    change_list_template = "admin/press/pressrelease/change_list.html"
    list_display = ("title", "language", "edition", "status_badge", "public_since_display")
    list_filter = ("status", "language", "group", EditionFilter)
    list_select_related = ("group", "edition__ranking")
    search_fields = ("title", "body", "slug")
    inlines = [EditorialBlockInline]
    readonly_fields = ("status", "published_at", "public_link")
    fieldsets = (
        (None, {"fields": ("group", "edition", "language", "title", "slug")}),
        (
            _("Text"),
            {
                "fields": ("body", "about"),
                "description": _(
                    "Written from the data when the draft was generated; edit "
                    "freely. Every save is kept in the revisions, which can be restored."
                ),
            },
        ),
        (
            _("Publication"),
            {
                "fields": ("status", "embargo_until", "published_at", "public_link"),
                "description": _(
                    "Use the buttons at the bottom of the page. “Save and publish” "
                    "makes the release public at once, or at the embargo time if one is set and "
                    "still to come; “Schedule” makes it public by itself at the embargo time; a "
                    "scheduled release can still be published at once, lifting its embargo; "
                    "“Withdraw” takes a release back to draft, out of the public's sight."
                ),
            },
        ),
    )

    actions = ["rewrite_drafts"]

    @admin.action(description=_("Rewrite the selected drafts from today’s data"))
    def rewrite_drafts(self, request: HttpRequest, queryset: QuerySet[PressRelease]) -> None:
        drafts = list(queryset.filter(status=PressRelease.Status.DRAFT))
        for release in drafts:
            services.regenerate(release=release, user=request.user)
        skipped = queryset.count() - len(drafts)
        message = ngettext(
            "%(count)s draft(s) rewritten from today’s data.",
            "%(count)s draft(s) rewritten from today’s data.",
            len(drafts),
        ) % {"count": len(drafts)}
        if skipped:
            message += " " + ngettext(
                "%(count)s published or scheduled release(s) left as they are.",
                "%(count)s published or scheduled release(s) left as they are.",
                skipped,
            ) % {"count": skipped}
        self.message_user(request, message, messages.SUCCESS)

    def get_readonly_fields(self, request: HttpRequest, obj: PressRelease | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The text was written for this group, edition and language.
            fields += ["group", "edition", "language"]
        return fields

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj: PressRelease) -> str:
        if obj.status == PressRelease.Status.DRAFT:
            return gettext("Draft")
        return gettext("Public") if obj.is_public() else gettext("Under embargo")

    def view_on_site(self, obj: PressRelease) -> str:
        # Until the public can read it, "View on site" would be a 404: show the preview.
        if obj.is_public():
            return obj.get_absolute_url()
        return reverse("admin:press_pressrelease_preview", args=[obj.pk])

    @admin.display(description=_("public from"), ordering="embargo_until")
    def public_since_display(self, obj: PressRelease):
        return obj.public_since or "—"

    @admin.display(description=_("public page"))
    def public_link(self, obj: PressRelease) -> str:
        if obj.pk is None or not obj.is_public():
            return gettext("Not public yet.")
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    # --- saving and the workflow buttons -------------------------------------
    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        note = "Edited" if change else "Written by hand"
        services.record_revision(release=form.instance, user=request.user, note=note)

    def response_change(self, request: HttpRequest, obj: PressRelease) -> HttpResponse:
        actions = {
            "_publish": (self._publish, _("“%(title)s” is published.")),
            "_schedule": (services.schedule, _("“%(title)s” is scheduled.")),
            "_withdraw": (
                services.withdraw,
                _("“%(title)s” is back to draft; the public no longer sees it."),
            ),
            "_regenerate": (services.regenerate, _("“%(title)s” was rewritten from today’s data.")),
        }
        for name, (action, done) in actions.items():
            if name in request.POST:
                try:
                    action(release=obj, user=request.user)
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                else:
                    message = str(done) % {"title": obj.title}
                    if obj.status != PressRelease.Status.DRAFT and not obj.is_public():
                        when = timezone.localtime(obj.public_since)
                        message += " " + gettext("The public will see it from %(when)s.") % {
                            "when": f"{when:%Y-%m-%d %H:%M}"
                        }
                    self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @staticmethod
    def _publish(*, release: PressRelease, user) -> PressRelease:
        # On a scheduled release, "publish now" means now: the embargo is lifted.
        lift = release.status == PressRelease.Status.SCHEDULED
        return services.publish(release=release, user=user, lift_embargo=lift)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        release = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if release is not None:
            extra_context["facts_changes"] = services.facts_changed_since(release)
            extra_context["release"] = release
        return super().change_view(request, object_id, form_url, extra_context)

    # --- extra pages -----------------------------------------------------------
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("generate/", wrap(self.generate_view), name="press_pressrelease_generate"),
            path("<int:pk>/preview/", wrap(self.preview_view), name="press_pressrelease_preview"),
            path(
                "<int:pk>/revisions/",
                wrap(self.revisions_view),
                name="press_pressrelease_revisions",
            ),
            path(
                "<int:pk>/revisions/<int:revision_pk>/restore/",
                wrap(self.restore_view),
                name="press_pressrelease_restore",
            ),
            *super().get_urls(),
        ]

    def generate_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GenerateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            created = services.generate_drafts(
                group=form.cleaned_data["group"],
                edition=form.cleaned_data["edition"],
                languages=form.cleaned_data["languages"],
                user=request.user,
            )
            titles = ", ".join(f"“{r.title}” ({r.language})" for r in created)
            message = gettext("Draft written from the data: %(titles)s.") % {"titles": titles}
            self.message_user(request, message, messages.SUCCESS)
            first = created[0]
            return HttpResponseRedirect(reverse("admin:press_pressrelease_change", args=[first.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Generate a press release from the data"),
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/press/pressrelease/generate.html", context)

    def _release(self, request: HttpRequest, pk: int) -> PressRelease:
        release = get_object_or_404(
            PressRelease.objects.select_related("group", "edition__ranking"), pk=pk
        )
        if not self.has_view_permission(request, release):
            raise PermissionDenied
        return release

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The public page of the release, exactly, with a banner saying it is a preview."""
        release = self._release(request, pk)
        with translation.override(release.language):
            response = render_release(request, release, preview=not release.is_public())
        response["X-Robots-Tag"] = "noindex"
        return response

    def revisions_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        release = self._release(request, pk)
        revisions = list(release.revisions.select_related("author"))
        rows = [
            {
                "revision": revision,
                "diff": revision.diff(revisions[i + 1] if i + 1 < len(revisions) else None),
            }
            for i, revision in enumerate(revisions)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Revisions of “%(title)s”") % {"title": release.title},
            "release": release,
            "rows": rows,
            "opts": self.model._meta,
            "original": release,
            "can_restore": self.has_change_permission(request, release),
        }
        return render(request, "admin/press/pressrelease/revisions.html", context)

    def restore_view(self, request: HttpRequest, pk: int, revision_pk: int) -> HttpResponse:
        release = self._release(request, pk)
        if request.method != "POST" or not self.has_change_permission(request, release):
            raise PermissionDenied
        revision = get_object_or_404(Revision, pk=revision_pk, release=release)
        services.restore(revision=revision, user=request.user)
        when = timezone.localtime(revision.created_at)
        message = gettext("The text of %(when)s is back.") % {"when": f"{when:%Y-%m-%d %H:%M}"}
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:press_pressrelease_change", args=[pk]))

    def get_queryset(self, request: HttpRequest) -> QuerySet[PressRelease]:
        return super().get_queryset(request).select_related("group", "edition__ranking")
