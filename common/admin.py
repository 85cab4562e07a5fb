"""Admin pieces for editors that know no domain: public-page links, counts, labelled rows."""

from __future__ import annotations

from django.db.models import Count, Model, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

# Django's own page titles, translated again in locale/: its French "Modification de %s" reads
# "Modification de édition", "Affichage de import" before a name that starts with a vowel.
DJANGO_TITLES = (gettext_noop("Add %s"), gettext_noop("Change %s"), gettext_noop("View %s"))


class PublicPageLinkMixin:
    """Shows "View on site" only for objects that have a public page.

    get_absolute_url returns None until the public pages exist; the admin's default link
    would then lead to an error page.
    """

    def view_on_site(self, obj) -> str | None:
        return obj.get_absolute_url()


def count_of(related: type[Model], foreign_key: str) -> Coalesce:
    """How many `related` rows point at each row, for a list column, as a correlated subquery.

    Count("results") would add a GROUP BY: the list's COUNT queries would then carry every other
    annotation, and the model's default ordering (which autocomplete pages by) would be dropped.
    """
    rows = related.objects.filter(**{foreign_key: OuterRef("pk")}).order_by()
    return Coalesce(Subquery(rows.values(foreign_key).annotate(n=Count("pk")).values("n")), 0)


class EditorRowsFormSet(BaseInlineFormSet):
    """Inline rows as editors meet them: each box named ("Rank, row 3") for screen readers,
    and a duplicated row reported by its column's label ("SDG"), not its field name ("sdg").

    A tabular row's boxes sit under column headers with no <label>, so a screen reader would
    announce only "edit text".
    """

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if index is None:
            row = gettext("new row")
        else:
            row = gettext("row %(number)s") % {"number": index + 1}
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside a related wrapper
            if widget.is_hidden:
                continue  # the row's id: nothing to announce, and no label ("None, row 1")
            widget.attrs.setdefault("aria-label", f"{field.label}, {row}")

    def get_unique_error_message(self, unique_check) -> str:
        labels = [str(self.model._meta.get_field(name).verbose_name) for name in unique_check]
        return super().get_unique_error_message(labels)


def link(url: str) -> str:
    return format_html('<a href="{}" rel="noopener">{}</a>', url, url) if url else ""
