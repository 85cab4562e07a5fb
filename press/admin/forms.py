"""The release admin's forms, inline and list filters."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rankings.models import Edition
from schools.models import Group

from .. import services
from ..compare import word_diff
from ..models import EditorialBlock, PressRelease, removed_parts
from ..rich_text import from_editor


def unix_newlines(text: str) -> str:
    """Browsers send a textarea's lines ended by CRLF; the generator writes LF. Keeping LF
    means an untouched save changes nothing, so records no revision."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def part_label(key: str) -> str:
    if key.startswith("body."):
        return gettext("Paragraph %(number)s") % {"number": int(key.split(".")[1]) + 1}
    return {
        "title": gettext("Title"),
        "body": gettext("Body"),
        "about": gettext("About paragraph"),
    }[key]


def part_diff(part: services.RewritePart) -> dict:
    """The words that differ: the editor's text against the data's, and, for a part only the
    editor changed, the editor's text against what the data first wrote."""
    mine, data = word_diff(part.mine, part.data)
    base, edited = word_diff(part.base, part.mine)
    return {"mine": mine, "data": data, "base": base, "edited": edited}


# The editor's visible words (its toolbar and link dialog), in the editor's language; Trix
# itself speaks English only.
EDITOR_LABELS = {
    "bold": _("Bold"),
    "italic": _("Italic"),
    "link": _("Link"),
    "unlink": _("Unlink"),
    "heading1": _("Heading"),
    "quote": _("Quote"),
    "bullets": _("Bullets"),
    "numbers": _("Numbers"),
    "undo": _("Undo"),
    "redo": _("Redo"),
    "url": _("Web address"),
    "urlPlaceholder": _("Enter a web address…"),
}


class RichTextarea(forms.Textarea):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = {key: str(label) for key, label in EDITOR_LABELS.items()}
        context["widget"]["attrs"]["data-labels"] = json.dumps(labels, ensure_ascii=False)
        return context


class EditorialBlockForm(forms.ModelForm):
    """The block's text in a rich-text editor (Trix, from static files: the CSP allows no inline
    script); without JavaScript, the same field is a box for HTML."""

    class Meta:
        model = EditorialBlock
        fields = ("position", "heading", "html", "order")
        widgets = {"html": RichTextarea(attrs={"class": "press-rich-text"})}
        help_texts = {
            "html": _(
                "Use the toolbar: paragraphs, lists, links, bold, italics, quotes and "
                "sub-headings (the Heading button) are kept; anything else (pasted styles, "
                "scripts, frames) is removed when saved, and you are told what."
            )
        }

    class Media:
        css = {"all": ["press/vendor/trix/trix.css", "press/admin/rich_text.css"]}
        js = ["press/vendor/trix/trix.umd.min.js", "press/admin/rich_text.js"]

    def clean_html(self) -> str:
        html = from_editor(self.cleaned_data["html"])
        # Saving sanitises the text; the editor is told what went, not left to find out.
        self.removed = removed_parts(html)
        return html


class EditorialBlockInline(admin.StackedInline):
    model = EditorialBlock
    form = EditorialBlockForm
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


class StateFilter(admin.SimpleListFilter):
    """The state the list shows (draft, scheduled, public), read against the clock: a release
    scheduled yesterday for this morning is public, though nobody touched it."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return PressRelease.State.choices

    def queryset(self, request, queryset):
        return queryset.in_state(self.value()) if self.value() else queryset
