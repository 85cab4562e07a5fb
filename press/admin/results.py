"""The result admin, with what a release would say about the result's SDG tables.

Results belong to the rankings app, whose admin knows nothing of releases; this one, a layer
above, adds the sentences, written by the release's own functions.
"""

from __future__ import annotations

from types import ModuleType

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rankings.admin import results as rankings_admin
from rankings.models import Result

from ..facts import SchoolFacts, result_facts
from ..generator import en, fr
from ..generator.prose import paragraph


def sdg_sentences(language: ModuleType, school: SchoolFacts) -> str:
    """What a release says about a school's SDG tables, in one language.

    The press release's own sentence functions, so the admin shows exactly what it will print.
    """
    sentences = [
        language.sdgs(school),
        language.first_in_country(school),
    ]
    return paragraph(sentences)


admin.site.unregister(Result)


@admin.register(Result)
class ResultAdmin(rankings_admin.ResultAdmin):
    fieldsets = [
        *rankings_admin.ResultAdmin.fieldsets,
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

    @admin.display(description=_("sentences"))
    def release_sentences(self, result: Result) -> str:
        if result.pk is None:
            return gettext("Written once the result is saved.")
        school = result_facts(result)
        if not school.sdgs:
            return gettext("No SDG table yet.")
        return format_html(
            '<p lang="en">{}</p><p lang="fr">{}</p>',
            sdg_sentences(en, school),
            sdg_sentences(fr, school),
        )
