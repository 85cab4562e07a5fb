"""After a rank is changed by hand: the national ranks it moves are recomputed, or flagged."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext, ngettext
from django_countries import countries

from ..models import Edition, Result, SDGResult
from ..national import Refreshed, refresh_national_ranks
from ..parsing.values import OVERALL, Table, table_noun


def _rank_changed(form) -> bool:
    return "rank" in form.changed_data


def _kept(form) -> frozenset[int]:
    # A national rank the editor typed in the same save is theirs.
    return frozenset({form.instance.pk}) if "national_rank" in form.changed_data else frozenset()


class NationalRanksFollow:
    """For ResultAdmin and SDGResultAdmin: after a save that changes a rank, the national
    ranks of the school's country in that table follow."""

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        result = form.instance
        if not isinstance(result, Result):
            return
        tables: dict[Table, frozenset[int]] = {}
        if _rank_changed(form):
            tables[OVERALL] = _kept(form)
        for formset in formsets:
            if formset.model is not SDGResult:
                continue
            moved = [
                f for f in formset.forms if _rank_changed(f) and f not in formset.deleted_forms
            ]
            moved += formset.deleted_forms
            for entry_form in moved:
                tables[entry_form.instance.sdg_id] = _kept(entry_form)
        self._follow(request, result.edition, result.school.country.code, tables)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if isinstance(obj, SDGResult) and _rank_changed(form):
            result = obj.result
            tables = {obj.sdg_id: _kept(form)}
            self._follow(request, result.edition, result.school.country.code, tables)

    def _follow(self, request: HttpRequest, edition: Edition, country: str, tables: dict) -> None:
        for table, keep in tables.items():
            done = refresh_national_ranks(edition=edition, table=table, country=country, keep=keep)
            self.message_user(request, *national_message(done, edition, country))


def national_message(done: Refreshed, edition: Edition, country: str) -> tuple[str, int]:
    where = {
        "table": table_noun(done.table),
        "edition": edition,
        "country": countries.name(country) or country,
    }
    if not done.whole:
        return (
            gettext(
                "National ranks may be stale: %(edition)s holds only part of the %(table)s, so "
                "the national ranks of the other institutions of %(country)s in it were left "
                "as they were. Check them, and the press releases that print them."
            )
            % where,
            messages.WARNING,
        )
    return (
        ngettext(
            "The %(table)s of %(edition)s is whole: %(count)s national rank in %(country)s "
            "was recomputed from it.",
            "The %(table)s of %(edition)s is whole: %(count)s national ranks in %(country)s "
            "were recomputed from it.",
            done.changed,
        )
        % {**where, "count": done.changed},
        messages.INFO,
    )
