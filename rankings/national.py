"""National ranks after a hand edit: recomputed from a whole stored table, else flagged.

An import derives the national ranks a whole table gives (importing.totals.national_ranks);
an editor changing one rank in the admin moves the national positions of that country's other
institutions in the same table too. When the edition holds the whole table, they are
recomputed the same way; when it holds an extract (a press office's own schools), nothing
says where the others stand, so the editor is told they may be stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet

from rankings.importing.totals import is_complete, national_ranks
from rankings.models import Edition, Result, SDGResult
from rankings.parsing.values import OVERALL, Table
from rankings.ranks import Rank


class _Stored(NamedTuple):
    """A stored entry, shaped as the import's Entry for national_ranks: `row` is its id."""

    row: int
    country: str
    rank: Rank
    national_rank: int | None


@dataclass(frozen=True)
class Refreshed:
    table: Table
    whole: bool
    changed: int  # national ranks rewritten in the country


def _table(edition: Edition, table: Table) -> tuple[QuerySet, str]:
    if table == OVERALL:
        return Result.objects.filter(edition=edition, rank_low__isnull=False), "school__country"
    rows = SDGResult.objects.filter(result__edition=edition, sdg_id=table)
    return rows, "result__school__country"


def refresh_national_ranks(
    *, edition: Edition, table: Table, country: str, keep: frozenset[int] = frozenset()
) -> Refreshed:
    """Rewrite the national ranks of `country` in one of the edition's tables when the
    edition holds that table whole. Rows in `keep` (a national rank the editor has just typed)
    stay as they are."""
    rows, country_path = _table(edition, table)
    entries = [
        _Stored(pk, row_country, Rank(low, high, tie), national)
        for pk, row_country, low, high, tie, national in rows.order_by().values_list(
            "pk", country_path, "rank_low", "rank_high", "rank_tie", "national_rank"
        )
    ]
    if not is_complete(entries):
        return Refreshed(table, whole=False, changed=0)
    positions = national_ranks([entry for entry in entries if entry.country == country])
    stale = [
        entry
        for entry in entries
        if entry.country == country
        and entry.row not in keep
        and entry.national_rank != positions[entry.row]
    ]
    model = rows.model
    updated = [model(pk=entry.row, national_rank=positions[entry.row]) for entry in stale]
    model.objects.bulk_update(updated, ["national_rank"])
    return Refreshed(table, whole=True, changed=len(updated))
