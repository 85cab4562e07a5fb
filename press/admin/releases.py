"""The editors' workflow: generate a draft from the data, edit, preview, schedule, publish."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.csp import CSP
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from .. import services
from ..compare import compare_content
from ..models import EditorialBlock, PressRelease, Revision
from ..views import release_pdf_bytes, render_release
from .approval import ApprovalMixin
from .forms import (
    EditionFilter,
    EditorialBlockInline,
    GenerateForm,
    PressReleaseForm,
    StateFilter,
    part_diff,
    part_label,
)
from .share import ShareAdminMixin
from .why import WhyAdminMixin

# The preview is shown in the admin's phone and desktop frames: this site may frame it.
framed_by_this_site = csp_override({**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]})


@admin.register(PressRelease)
class PressReleaseAdmin(ApprovalMixin, WhyAdminMixin, ShareAdminMixin, admin.ModelAdmin):
    form = PressReleaseForm
    change_form_template = "admin/press/pressrelease/change_form.html"
    change_list_template = "admin/press/pressrelease/change_list.html"
    list_display = (
        "title",
        "language_versions",
        "edition",
        "state_display",
        "public_from_display",
    )
    list_filter = (StateFilter, "language", "group", EditionFilter)
    list_select_related = ("group", "edition__ranking")
    # The two languages of a release side by side.
    ordering = ("-edition__year", "group", "slug", "language")
    search_fields = ("title", "body", "slug")
    inlines = [EditorialBlockInline]
    readonly_fields = ("state_display", "public_from_display", "public_link")
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
                "fields": ("state_display", "embargo_until", "public_from_display", "public_link"),
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
        kept = []
        for release in drafts:
            # The editors' own edits stay; where the data changed them too, the rewrite page
            # of that release lets the editor choose.
            if any(part.conflict for part in services.rewrite_parts(release)):
                kept.append(release.title)
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
        if kept:
            message += " " + gettext(
                "Your edits were kept where the data changed the same text too: %(titles)s. "
                "Open “Rewrite from today’s data” on each to compare and choose."
            ) % {"titles": ", ".join(f"“{title}”" for title in kept)}
        self.message_user(request, message, messages.SUCCESS)

    def get_readonly_fields(self, request: HttpRequest, obj: PressRelease | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The text was written for this group, edition and language.
            fields += ["group", "edition", "language"]
        return fields

    @admin.display(description=_("status"), ordering="status")
    def state_display(self, obj: PressRelease) -> str:
        return obj.state().label if obj.pk else PressRelease.State.DRAFT.label

    def view_on_site(self, obj: PressRelease) -> str:
        # Until the public can read it, "View on site" would be a 404: show the preview.
        if obj.is_public():
            return obj.get_absolute_url()
        return reverse("admin:press_pressrelease_preview", args=[obj.pk])

    @admin.display(description=_("language"), ordering="language")
    def language_versions(self, obj: PressRelease) -> str:
        """This version's language, then a link to the other language's version."""
        if not getattr(obj, "other_pk", None):
            return obj.get_language_display()
        url = reverse("admin:press_pressrelease_change", args=[obj.other_pk])
        language = PressRelease.Language(obj.other_language).label
        return format_html(
            '{} · <a href="{}" hreflang="{}">{}</a>',
            obj.get_language_display(),
            url,
            obj.other_language,
            language,
        )

    @admin.display(description=_("public from"), ordering="embargo_until")
    def public_from_display(self, obj: PressRelease):
        # The edition's embargo counts too: a release published before its edition's moment
        # waits for it.
        return (obj.public_from() if obj.pk else None) or "—"

    @admin.display(description=_("public page"))
    def public_link(self, obj: PressRelease) -> str:
        if obj.pk is None or not obj.is_public():
            return gettext("Not public yet.")
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    # --- saving and the workflow buttons -------------------------------------
    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            for block_form in formset.forms:
                if removed := getattr(block_form, "removed", None):
                    self._say_what_was_removed(request, block_form.instance, removed)
        note = "Edited" if change else "Written by hand"
        services.record_revision(release=form.instance, user=request.user, note=note)

    def _say_what_was_removed(self, request, block: EditorialBlock, removed: list[str]) -> None:
        if block.heading:
            where = gettext("“%(heading)s”") % {"heading": block.heading}
        else:
            where = gettext("an editorial block")
        message = gettext("Removed from %(block)s (not allowed on the public page): %(parts)s.")
        parts = ", ".join(removed)
        self.message_user(request, message % {"block": where, "parts": parts}, messages.WARNING)

    def response_change(self, request: HttpRequest, obj: PressRelease) -> HttpResponse:
        # Withdrawing and rewriting change what the public or the editor sees: the edits are
        # saved, then a page shows what will change and asks for a confirmation.
        confirmations = {"_withdraw": "withdraw", "_regenerate": "rewrite"}
        for name, view in confirmations.items():
            if name in request.POST:
                url = reverse(f"admin:press_pressrelease_{view}", args=[obj.pk])
                if "_both" in request.POST:
                    url += "?both=1"
                return HttpResponseRedirect(url)
        actions = {
            "_publish": (self._publish, _("“%(title)s” is published.")),
            "_schedule": (self._schedule, _("“%(title)s” is scheduled.")),
        }
        for name, (action, done) in actions.items():
            if name not in request.POST:
                continue
            releases = [obj]
            if "_both" in request.POST:
                releases += list(obj.other_versions().select_related("group", "edition"))
            embargo = obj.embargo_until
            for release in releases:
                try:
                    action(release=release, user=request.user, embargo=embargo)
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                    break
                message = str(done) % {"title": release.title}
                if release.state() == PressRelease.State.SCHEDULED:
                    when = timezone.localtime(release.public_from() or release.public_since)
                    message += " " + gettext("The public will see it from %(when)s.") % {
                        "when": f"{when:%Y-%m-%d %H:%M}"
                    }
                self.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @staticmethod
    def _publish(*, release: PressRelease, user, embargo=None) -> PressRelease:
        # On a scheduled release, "publish now" means now: the embargo is lifted.
        lift = release.status == PressRelease.Status.SCHEDULED
        if release.status == PressRelease.Status.DRAFT and embargo and not release.embargo_until:
            release.embargo_until = embargo  # the other language follows the one edited
        return services.publish(release=release, user=user, lift_embargo=lift)

    @staticmethod
    def _schedule(*, release: PressRelease, user, embargo=None) -> PressRelease:
        return services.schedule(release=release, user=user, embargo_until=embargo)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        release = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if release is not None:
            extra_context["facts_changes"] = services.facts_changed_since(release)
            extra_context["release"] = release
            extra_context["state"] = release.state()
            extra_context["other_versions"] = [
                (other, other.state())
                for other in release.other_versions().select_related("edition")
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    # --- extra pages -----------------------------------------------------------
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("generate/", wrap(self.generate_view), name="press_pressrelease_generate"),
            path(
                "<int:pk>/preview/",
                wrap(xframe_options_sameorigin(framed_by_this_site(self.preview_view))),
                name="press_pressrelease_preview",
            ),
            path(
                "<int:pk>/preview/sizes/",
                wrap(self.preview_sizes_view),
                name="press_pressrelease_preview_sizes",
            ),
            path(
                "<int:pk>/preview/pdf/",
                wrap(self.preview_pdf_view),
                name="press_pressrelease_preview_pdf",
            ),
            path(
                "<int:pk>/revisions/",
                wrap(self.revisions_view),
                name="press_pressrelease_revisions",
            ),
            path(
                "<int:pk>/withdraw/", wrap(self.withdraw_view), name="press_pressrelease_withdraw"
            ),
            path("<int:pk>/rewrite/", wrap(self.rewrite_view), name="press_pressrelease_rewrite"),
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
            titles = format_html_join(
                ", ",
                '<a href="{}">“{}” ({})</a>',
                (
                    (
                        reverse("admin:press_pressrelease_change", args=[r.pk]),
                        r.title,
                        r.get_language_display(),
                    )
                    for r in created
                ),
            )
            message = format_html(gettext("Draft written from the data: {titles}."), titles=titles)
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
        pdf_url = reverse("admin:press_pressrelease_preview_pdf", args=[release.pk])
        with translation.override(release.language):
            response = render_release(
                request, release, preview=not release.is_public(), pdf_url=pdf_url
            )
        response["X-Robots-Tag"] = "noindex"
        return response

    def preview_pdf_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The PDF as the public will get it, for a draft or a scheduled release too."""
        release = self._release(request, pk)
        with translation.override(release.language):
            pdf = release_pdf_bytes(request, release)
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"{release.slug}-{release.language}-preview.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["X-Robots-Tag"] = "noindex"
        return response

    def preview_sizes_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The preview in a phone's width and a desktop's, side by side."""
        release = self._release(request, pk)
        context = {
            **self._page_context(request, release),
            "title": gettext("Preview of “%(title)s”") % {"title": release.title},
            "preview_url": reverse("admin:press_pressrelease_preview", args=[release.pk]),
        }
        return render(request, "admin/press/pressrelease/preview.html", context)

    def revisions_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        release = self._release(request, pk)
        revisions = list(release.revisions.select_related("author"))
        rows = [
            {
                "revision": revision,
                # The first version has nothing to compare with: listing all of it as
                # added would bury the history under one long table.
                "first": i + 1 == len(revisions),
                "changes": compare_content(revisions[i + 1].content, revision.content)
                if i + 1 < len(revisions)
                else [],
            }
            for i, revision in enumerate(revisions)
        ]
        context = {
            **self._page_context(request, release),
            "title": gettext("Revisions of “%(title)s”") % {"title": release.title},
            "rows": rows,
            "can_restore": self.has_change_permission(request, release),
        }
        return render(request, "admin/press/pressrelease/revisions.html", context)

    def _page_context(self, request: HttpRequest, release: PressRelease) -> dict:
        return {
            **self.admin_site.each_context(request),
            "release": release,
            "opts": self.model._meta,
            "original": release,
            "state": release.state(),
        }

    def _changeable(self, request: HttpRequest, pk: int) -> PressRelease:
        release = self._release(request, pk)
        if not self.has_change_permission(request, release):
            raise PermissionDenied
        return release

    def _back(self, release: PressRelease) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:press_pressrelease_change", args=[release.pk]))

    def restore_view(self, request: HttpRequest, pk: int, revision_pk: int) -> HttpResponse:
        """Shows the text that will come back, field by field; restores on confirmation."""
        release = self._changeable(request, pk)
        revision = get_object_or_404(Revision, pk=revision_pk, release=release)
        when = f"{timezone.localtime(revision.created_at):%Y-%m-%d %H:%M}"
        if request.method == "POST":
            services.restore(revision=revision, user=request.user)
            message = gettext("The text of %(when)s is back.") % {"when": when}
            self.message_user(request, message, messages.SUCCESS)
            return self._back(release)
        context = {
            **self._page_context(request, release),
            "title": gettext("Restore the text of %(when)s?") % {"when": when},
            "changes": compare_content(release.content(), revision.content),
            "revision": revision,
        }
        return render(request, "admin/press/pressrelease/confirm_restore.html", context)

    def withdraw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Says what the public loses (the page, the PDF, the date to come); withdraws on
        confirmation, with the other language too if asked."""
        release = self._changeable(request, pk)
        both = request.GET.get("both") == "1" or "both" in request.POST
        releases = [release] + (list(release.other_versions()) if both else [])
        releases = [r for r in releases if r.status != PressRelease.Status.DRAFT]
        if request.method == "POST":
            for withdrawn in releases:
                services.withdraw(release=withdrawn, user=request.user)
                message = gettext("“%(title)s” is back to draft; the public no longer sees it.")
                self.message_user(request, message % {"title": withdrawn.title}, messages.SUCCESS)
            return self._back(release)
        rows = [
            {
                "release": r,
                "state": r.state(),
                "public_from": r.public_from(),
                "url": r.get_absolute_url(),
            }
            for r in releases
        ]
        context = {
            **self._page_context(request, release),
            "title": gettext("Withdraw “%(title)s” to draft?") % {"title": release.title},
            "rows": rows,
            "both": both,
        }
        return render(request, "admin/press/pressrelease/confirm_withdraw.html", context)

    def rewrite_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Today's data beside the draft, part by part: what the data changes, what the editor
        changed (kept), and where both did (the editor chooses)."""
        release = self._changeable(request, pk)
        if release.status != PressRelease.Status.DRAFT:
            message = gettext("Only a draft can be rewritten from the data; withdraw it first.")
            self.message_user(request, message, messages.ERROR)
            return self._back(release)
        parts = services.rewrite_parts(release)
        if request.method == "POST":
            choices = {
                part.key: request.POST.get(f"choice-{part.key}", "mine")
                for part in parts
                if part.conflict
            }
            services.regenerate(release=release, user=request.user, choices=choices)
            message = gettext("“%(title)s” was rewritten from today’s data.")
            self.message_user(request, message % {"title": release.title}, messages.SUCCESS)
            return self._back(release)
        rows = [
            {"part": part, "label": part_label(part.key), "diff": part_diff(part)}
            for part in parts
            if part.edited or part.data != part.mine
        ]
        context = {
            **self._page_context(request, release),
            "title": gettext("Rewrite “%(title)s” from today’s data?") % {"title": release.title},
            "rows": rows,
        }
        return render(request, "admin/press/pressrelease/confirm_rewrite.html", context)

    def get_queryset(self, request: HttpRequest) -> QuerySet[PressRelease]:
        # The other language's version, read in the same query as the list.
        other = PressRelease.objects.filter(
            group=OuterRef("group"), edition=OuterRef("edition"), slug=OuterRef("slug")
        ).exclude(language=OuterRef("language"))
        return (
            super()
            .get_queryset(request)
            .select_related("group", "edition__ranking")
            .annotate(
                other_pk=Subquery(other.values("pk")[:1]),
                other_language=Subquery(other.values("language")[:1]),
            )
        )
