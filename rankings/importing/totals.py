"""What a whole table in the file lets the import derive: national ranks, the edition's totals,
and the stored results it leaves out."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

from django.utils.translation import gettext, ngettext

from rankings.models import Edition, EditionCountry, SDGTable
from rankings.parsing.entries import Entry
from rankings.parsing.values import OVERALL, Table, table_noun, table_order
from schools.models import School
from spreadsheets.messages import FileWarning, count_text

from .report import ImportReport, Stored


class Totals(NamedTuple):
    """Institutions with an overall rank in an edition: worldwide (None when unknown) and per
    country."""

    total: int | None
    per_country: dict[str, int]


def is_complete(entries: list[Entry]) -> bool:
    """Whether entries make a whole table: it starts at 1 and reaches its last rank's position.

    A press office's extract (its own schools) does not start at 1, or stops short, and must
    not be mistaken for the world total.
    """
    if not entries:
        return False
    best = min(entry.rank.low for entry in entries)
    last = max(entry.rank.low for entry in entries)
    return best == 1 and len(entries) >= last


def national_ranks(entries: list[Entry]) -> dict[int, int]:
    """Each entry's position among its country's entries (by row number).

    Equal ranks share a position, and the next one skips as many ("1, 2, 2, 4"): two French
    institutions in the 401–600 band are both 2nd in France; nothing in a band orders them.
    """
    by_country: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_country[entry.country].append(entry)
    positions: dict[int, int] = {}
    for group in by_country.values():
        group.sort(key=lambda e: e.rank.sort_key)
        previous_key, position = None, 0
        for index, entry in enumerate(group, start=1):
            if entry.rank.sort_key != previous_key:
                position, previous_key = index, entry.rank.sort_key
            positions[entry.row] = position
    return positions


def stored_totals(edition: Edition | None) -> Totals:
    """The edition's totals as stored now."""
    if edition is None:
        return Totals(None, {})
    per_country = EditionCountry.objects.filter(edition=edition).order_by("country")
    return Totals(
        edition.institutions_ranked,
        dict(per_country.values_list("country", "institutions_ranked")),
    )


def edition_totals(
    overall: list[Entry],
    school_ids: dict[tuple[str, str], int],
    results: dict[int, Stored],
    countries_of: dict[int, str],
) -> Totals:
    """Institutions with an overall rank once the file is in, worldwide and per country."""
    per_country: Counter[str] = Counter(entry.country for entry in overall)
    in_file = {school_ids.get(entry.key) for entry in overall}
    for school_id, (_pk, values) in results.items():
        if school_id not in in_file and values.rank_low is not None:
            per_country[countries_of[school_id]] += 1
    return Totals(sum(per_country.values()), dict(sorted(per_country.items())))


def sdg_table_sizes(
    by_table: dict[int, list[Entry]], whole: set[int], changed: set[int], edition: Edition | None
) -> tuple[dict[int, int], dict[int, int]]:
    """Institutions each whole SDG table of the file ranks, for the tables the file changes,
    and the sizes they replace. A size stored larger than the file's table is kept: the file
    may be an extract that starts at 1 (as for the overall total)."""
    # SDG tables only (numbers): another ranking's subject tables (names) have no size here.
    sdg_tables = sorted(t for t in by_table if isinstance(t, int) and t != OVERALL)
    candidates = {
        table: len(by_table[table]) for table in sdg_tables if table in whole and table in changed
    }
    stored: dict[int, int] = {}
    if candidates and edition is not None:  # one query, only for a whole SDG table
        stored = dict(
            SDGTable.objects.filter(edition=edition, sdg_id__in=candidates).values_list(
                "sdg_id", "institutions_ranked"
            )
        )
    sizes = {table: n for table, n in candidates.items() if stored.get(table, 0) <= n}
    sizes = {table: size for table, size in sizes.items() if stored.get(table) != size}
    return sizes, {table: stored[table] for table in sizes if table in stored}


def describe_sdg_tables(report: ImportReport, sizes: dict[int, int]) -> None:
    if sizes:
        tables = ", ".join(
            f"{table_noun(table)}: {count_text(size)}" for table, size in sizes.items()
        )
        report.derived.append(
            gettext("Institutions ranked per SDG table: %(tables)s.") % {"tables": tables}
        )


def describe_totals(report: ImportReport, edition: Edition | None, totals: Totals) -> None:
    was = edition.institutions_ranked if edition else None
    total_text = count_text(totals.total)
    if was is not None and was != totals.total:
        total_text = gettext("%(total)s (was %(was)s)") % {
            "total": total_text,
            "was": count_text(was),
        }
    per_country = totals.per_country
    countries_text = ngettext("%(count)s country", "%(count)s countries", len(per_country)) % {
        "count": len(per_country)
    }
    if "FR" in per_country:
        countries_text = gettext("%(countries)s (France: %(france)s)") % {
            "countries": countries_text,
            "france": per_country["FR"],
        }
    report.derived.append(
        gettext("Institutions ranked in the edition: %(total)s, in %(countries)s.")
        % {"total": total_text, "countries": countries_text}
    )


def note_left_out(
    report: ImportReport,
    by_table: dict[Table, list[Entry]],
    whole: set[Table],
    school_ids: dict[tuple[str, str], int],
    results: dict[int, Stored],
    sdg_results: dict[tuple[int, Table], Stored],
    error_rows: dict[tuple[tuple[str, str], int | None], int] | None = None,
) -> None:
    """Say which stored results a whole table in the file leaves out.

    The import never deletes: an institution dropped from a corrected table keeps its stored
    result until an editor deletes it. The preview names them, so that is a choice, not a
    surprise. One query, only when there is something to name.
    """
    if not results:
        return
    school_of = {pk: school_id for school_id, (pk, _values) in results.items()}
    stored: dict[Table, set[int]] = defaultdict(set)
    for school_id, (_pk, values) in results.items():
        if values.rank_low is not None:
            stored[OVERALL].add(school_id)
    for result_id, sdg in sdg_results:
        stored[sdg].add(school_of[result_id])
    left_out = {
        table: missing
        for table, entries in sorted(by_table.items(), key=lambda item: table_order(item[0]))
        if table in whole and stored[table]
        if (missing := stored[table] - {school_ids.get(entry.key) for entry in entries})
    }
    if not left_out:
        return
    names = dict(
        School.objects.filter(pk__in=set().union(*left_out.values()))
        .order_by()
        .values_list("pk", "name")
    )
    key_of = {school_id: key for key, school_id in school_ids.items()}
    for table, missing in left_out.items():
        # An institution on a row with an error is in the file: the error names its row.
        on_error_rows = _on_error_rows(missing, table, key_of, error_rows or {})
        if on_error_rows:
            missing = missing - set(on_error_rows)
            report.warnings.append(
                FileWarning(
                    ngettext(
                        "In the %(table)s, %(count)s institution stored in it is on a row with "
                        "an error, so it is not compared yet: %(names)s.",
                        "In the %(table)s, %(count)s institutions stored in it are on rows with "
                        "errors, so they are not compared yet: %(names)s.",
                        len(on_error_rows),
                    )
                    % {
                        "table": table_noun(table),
                        "count": count_text(len(on_error_rows)),
                        "names": ", ".join(sorted(names[pk] for pk in on_error_rows)),
                    },
                    tuple(sorted(on_error_rows.values())),
                )
            )
            if not missing:
                continue
        listed = sorted(names[school_id] for school_id in missing)
        shown = ", ".join(listed[:5])
        if len(listed) > 5:
            more = len(listed) - 5
            shown = ngettext(
                "%(names)s and %(count)s more", "%(names)s and %(count)s more", more
            ) % {
                "names": shown,
                "count": count_text(more),
            }
        report.warnings.append(
            FileWarning(
                ngettext(
                    "The %(table)s in the file is whole, but %(count)s institution(s) stored in it "
                    "are not in the file: %(names)s. The import leaves their results as they are; "
                    "delete them in the admin if they should go.",
                    "The %(table)s in the file is whole, but %(count)s institution(s) stored in it "
                    "are not in the file: %(names)s. The import leaves their results as they are; "
                    "delete them in the admin if they should go.",
                    len(listed),
                )
                % {"table": table_noun(table), "count": count_text(len(listed)), "names": shown}
            )
        )


def _on_error_rows(
    missing: set[int],
    table: int,
    key_of: dict[int, tuple[str, str]],
    error_rows: dict[tuple[tuple[str, str], int | None], int],
) -> dict[int, int]:
    """Of the schools `missing` from a table, those on a row with an error: id -> row."""
    found = {}
    for school_id in missing:
        key = key_of.get(school_id)
        row = error_rows.get((key, table)) or error_rows.get((key, None))
        if row is not None:
            found[school_id] = row
    return found
