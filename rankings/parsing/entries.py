"""The entries of a results file: every data row checked, notes and duplicates said."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext, ngettext

from common.text import name_key
from spreadsheets.cells import Cell, Sheet
from spreadsheets.countries import parse_country
from spreadsheets.messages import FileWarning, ImportFileError, at_cell, at_row, count_text
from spreadsheets.text import CellError, blank_row, plain_text, whole_number_formula

from ..ranks import Rank
from .layouts import LONG, THE_TABLE, WIDE, Header, detect_layout, header_index
from .values import (
    NOT_RANKED,
    OVERALL,
    SubjectTables,
    Table,
    not_ranked,
    parse_category,
    parse_name,
    parse_national_rank,
    parse_rank,
    parse_rank_or_not_ranked,
    parse_score,
    parse_table,
    table_noun,
    table_order,
)

# Long imports report how far they are: progress(stage, rows_done, rows_total).
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 1000


# --- Rows --------------------------------------------------------------------------------
@dataclass(slots=True)
class Entry:
    """One institution's position in one table, as the file gives it."""

    row: int
    name: str
    country: str
    table: Table
    rank: Rank
    score: tuple[Decimal, Decimal | None] | None  # None: the file does not say
    national_rank: int | None  # None: the file does not say
    category: str | None = None  # None: the file does not say (a blank cell or no column)
    key: tuple[str, str] = field(init=False)  # the institution: normalised name and country

    def __post_init__(self) -> None:
        self.key = (_name_key(self.name), self.country)


# A full edition repeats each name 15 times or more: normalise each spelling once.
_name_key = lru_cache(maxsize=65536)(name_key)  # bounded: a worker lives for months


@dataclass
class Parsed:
    header: Header
    entries: list[Entry]
    errors: list[str]
    skipped: int  # blank rows, and rows that rank nobody
    notes: list[str] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)
    # Institutions on rows with an error, and the table of that row (None: any table): the
    # preview names them as such, not as left out of a whole table.
    error_rows: dict[tuple[tuple[str, str], int | None], int] = field(default_factory=dict)


def parse_entries(
    sheet: Sheet,
    *,
    table: Table | None = None,
    progress: Progress | None = None,
    subjects: SubjectTables | None = None,
) -> Parsed:
    """Validate every data row, collecting every error instead of stopping at the first.

    With `subjects` (a ranking other than THE Impact), the table column names subjects, not
    SDGs.
    """
    if not sheet.rows:
        raise ImportFileError(gettext("The file has no header row and no data."))
    start = header_index(sheet.rows)
    if blank_row(sheet.rows[start]):
        raise ImportFileError(
            at_row(
                1,
                gettext(
                    "blank: the header (institution, country, …) must be the first row; "
                    "delete the empty rows above it."
                ),
            )
        )
    header = detect_layout(sheet.rows[start], row=start + 1)
    if subjects is not None and header.sdg_columns:
        raise ImportFileError(
            gettext(
                "The header has SDG columns, and only THE Impact Rankings has SDG tables: "
                "import this file into THE Impact, or give this ranking's file in the long "
                "layout (institution, country, table, rank), the table being overall or a "
                "subject's name."
            )
        )
    if header.layout == THE_TABLE and table is None:
        raise ImportFileError(
            gettext(
                "This is a single THE table (rank, name, country): say which table it is "
                "(overall or an SDG such as sdg11)."
            )
        )
    rows = sheet.rows
    cols = header.columns
    label = header.labels
    name_index = cols["institution"]
    kept: list[int] = []  # the data rows that are not blank, by index in `rows`
    for index in range(start + 1, len(rows)):
        row = rows[index]
        first = row[name_index] if name_index < len(row) else None
        if (type(first) is str and first.strip()) or not blank_row(row):
            kept.append(index)
    # Notes under the table ("* Scores are rounded.", "Source: THE"): a few trailing rows of
    # one cell, which no layout can read (each needs an institution and more). Left out, and
    # said. More than a few are rows with cells missing, which errors explain better.
    footnotes = 0
    # In a CSV, a cell holding the separator or a line break is rows a stray quote ran
    # together, to be refused; a spreadsheet's cell ("Source: THE, 2021") has no such doubt.
    run_together = "\r\n" + sheet.delimiter if sheet.delimiter else ""
    while footnotes < len(kept) and _one_cell(rows[kept[-1 - footnotes]], run_together):
        footnotes += 1
    footnotes_at = [index + 1 for index in kept[len(kept) - footnotes :]] if footnotes <= 5 else []
    del kept[len(kept) - len(footnotes_at) :]
    skipped = len(rows) - 1 - start - len(kept)

    # Column by column: the same values recur thousands of times (names, "sdg11",
    # "101–200", blank scores), and each is parsed once.
    found: list[tuple[int, int, str]] = []  # (row index, column index, message)

    def column(name: str, parser: Callable[[Cell], Any]) -> list[Any]:
        index = cols.get(name)
        if index is None:
            return [None] * len(kept)
        return _parse_column(rows, kept, index, parser, found)

    names = column("institution", parse_name)
    countries = column("country", parse_country)
    entries: list[Entry] = []
    unranked: list[int] = []  # row numbers of rows that rank nobody: skipped, and said so
    if header.layout == WIDE:
        positions = [(OVERALL, cols.get("rank")), *sorted(header.sdg_columns.items())]
        table_of_column = {column_index: sdg for sdg, column_index in positions}
        for position, index in enumerate(kept):
            if progress is not None and position % PROGRESS_EVERY == 0:
                progress("checking", position, len(kept))
            row = rows[index]
            ranks: list[tuple[int, Rank]] = []
            errors_before = len(found)
            for sdg, column_index in positions:
                value = (
                    row[column_index]
                    if column_index is not None and column_index < len(row)
                    else None
                )
                if value is None or plain_text(value) == "" or not_ranked(value):
                    continue
                try:
                    ranks.append((sdg, parse_rank(value)))
                except CellError as error:
                    found.append((index, column_index, str(error)))
            name, country = names[position], countries[position]
            if name and country:
                entries.extend(
                    Entry(index + 1, name, country, sdg, rank, None, None) for sdg, rank in ranks
                )
                if not ranks and len(found) == errors_before:
                    unranked.append(index + 1)
    else:
        ranks = column("rank", parse_rank_or_not_ranked)
        table_parser = parse_table if subjects is None else subjects
        tables = column("table", table_parser) if header.layout == LONG else [table] * len(kept)
        scores = column("score", parse_score)
        nationals = column("national_rank", parse_national_rank)
        categories = column("category", parse_category)
        total = len(kept)
        for position, (index, name, country, rank, row_table, score, national) in enumerate(
            zip(kept, names, countries, ranks, tables, scores, nationals, strict=True)
        ):
            if progress is not None and position % PROGRESS_EVERY == 0:
                progress("checking", position, total)
            if rank is NOT_RANKED:
                unranked.append(index + 1)
            elif name and country and rank and row_table is not None:
                category = categories[position]
                entries.append(
                    Entry(index + 1, name, country, row_table, rank, score, national, category)
                )
    # Row by row, and in each row from left to right, as the file reads.
    found.sort(key=lambda error: error[:2])
    if found:
        position_of = {index: position for position, index in enumerate(kept)}
        error_rows: dict[tuple[tuple[str, str], int | None], int] = {}
        for index, column_index, _message in found:
            position = position_of.get(index)
            if position is None or not names[position] or not countries[position]:
                continue
            if header.layout == WIDE:
                row_table = table_of_column.get(column_index)
            else:
                row_table = tables[position] if column_index != cols.get("table") else None
            key = (_name_key(names[position]), countries[position])
            error_rows.setdefault((key, row_table), index + 1)
    at_cell = gettext("row %(row)s: %(column)s: %(problem)s")  # looked up once, not per error
    errors = [
        at_cell % {"row": index + 1, "column": label[column], "problem": message}
        for index, column, message in found
    ]
    if not entries and not errors and not unranked:
        raise ImportFileError(
            gettext("The file has a header row but no data below it: there is nothing to import.")
        )
    errors.extend(_duplicates(entries, header))
    notes = [_unranked_note(unranked)] if unranked else []
    if footnotes_at:
        notes.append(
            ngettext(
                "Under the table, row %(rows)s holds a single cell (a note such as "
                "“Source: …”): it was left out.",
                "Under the table, rows %(rows)s hold a single cell each (notes such as "
                "“Source: …”): they were left out.",
                len(footnotes_at),
            )
            % {"rows": ", ".join(map(str, footnotes_at))}
        )
    if start:
        notes.insert(
            0,
            ngettext(
                "The header is on row %(row)s: the row above it was left out.",
                "The header is on row %(row)s: the %(count)s rows above it were left out.",
                start,
            )
            % {"row": start + 1, "count": start},
        )
    notes.extend(_formula_ties(rows, entries, header))
    notes.extend(_open_bands(entries))
    parsed = Parsed(header, entries, errors, skipped + len(unranked), notes)
    parsed.warnings = _untied_warnings(entries)
    if found:
        parsed.error_rows = error_rows
    return parsed


def _untied_warnings(entries: list[Entry]) -> list[FileWarning]:
    """A warning for each exact rank that several rows of a table give without "=": THE
    marks a shared position as a tie (=12), so "12" twice is likely a typing slip."""
    rows: dict[tuple[Table, int], list[int]] = defaultdict(list)
    for entry in entries:
        if entry.rank.is_exact and not entry.rank.tie:
            rows[(entry.table, entry.rank.low)].append(entry.row)
    return [
        FileWarning(
            # Always two rows or more: a count that needs no plural form.
            gettext(
                "In the %(table)s, %(count)s rows give rank %(rank)s without “=”: a shared "
                "position is a tie (=%(rank)s). Check the file; the import reads them as given."
            )
            % {"table": table_noun(table), "count": count_text(len(found)), "rank": rank},
            tuple(found),
        )
        for (table, rank), found in sorted(
            rows.items(), key=lambda item: (table_order(item[0][0]), item[0][1])
        )
        if len(found) > 1
    ]


def _formula_ties(rows: list[list[Cell]], entries: list[Entry], header: Header) -> list[str]:
    """Say, table by table, how many ranks were formulas such as =64, read as ties."""
    columns = {OVERALL: header.columns.get("rank"), **header.sdg_columns}
    counts: Counter[int] = Counter()
    example: dict[int, str] = {}
    for entry in entries:
        column_index = columns.get(entry.table, header.columns.get("rank"))
        row = rows[entry.row - 1]
        if column_index is None or column_index >= len(row):
            continue
        if whole_number_formula(row[column_index]) is not None:
            counts[entry.table] += 1
            example.setdefault(entry.table, str(entry.rank))
    return [
        ngettext(
            "In the %(table)s, %(count)s rank is a formula that is only “=” and a number "
            "(%(example)s): a spreadsheet program saved THE's tie notation as a formula. It "
            "was read as the tie.",
            "In the %(table)s, %(count)s ranks are formulas that are only “=” and a number "
            "(such as %(example)s): a spreadsheet program saved THE's tie notation as "
            "formulas. They were read as ties.",
            count,
        )
        % {"table": table_noun(table), "count": count_text(count), "example": example[table]}
        for table, count in sorted(counts.items(), key=lambda item: table_order(item[0]))
    ]


def _open_bands(entries: list[Entry]) -> list[str]:
    """Read back the open band a spreadsheet program turned into a number.

    Typed into a CSV and saved as XLSX, ODS or XLS, "1001+" becomes the number 1001 in every
    row of the open band. No exact position follows a band in THE's tables, so when several
    rows of a table share, without "=", the exact position right after its last band, they
    are that open band. Entries are changed in place; the note says which and how many.
    """
    by_table: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_table[entry.table].append(entry)
    notes = []
    for table, table_entries in sorted(by_table.items(), key=lambda item: table_order(item[0])):
        last = max(
            (e.rank.high for e in table_entries if e.rank.is_band and not e.rank.is_open),
            default=None,
        )
        if last is None:
            continue
        after = [
            e
            for e in table_entries
            if e.rank.is_exact and not e.rank.tie and e.rank.low == last + 1
        ]
        if len(after) < 2:  # one row alone may be a typing slip: the untied check is moot
            continue
        band = Rank.band(last + 1, None)
        for entry in after:
            entry.rank = band
        notes.append(
            ngettext(
                "In the %(table)s, %(count)s row gives the exact rank %(position)s, right "
                "after the last band: no exact position follows a band in THE's tables, so it "
                "was read as the open band %(band)s (a spreadsheet program saves “%(band)s” "
                "as the number %(position)s).",
                "In the %(table)s, %(count)s rows give the exact rank %(position)s, right "
                "after the last band: no exact position follows a band in THE's tables, so "
                "they were read as the open band %(band)s (a spreadsheet program saves "
                "“%(band)s” as the number %(position)s).",
                len(after),
            )
            % {
                "table": table_noun(table),
                "count": count_text(len(after)),
                "position": last + 1,
                "band": band,
            }
        )
    return notes


def _unranked_note(rows: list[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:10])
    if len(rows) > 10:
        more = len(rows) - 10
        shown = ngettext("%(rows)s and %(count)s more", "%(rows)s and %(count)s more", more) % {
            "rows": shown,
            "count": count_text(more),
        }
    return ngettext(
        "%(count)s row ranks no one (its rank is blank, a dash, n/a, NR or THE’s "
        "“Reporter”) and is skipped: row %(rows)s.",
        "%(count)s rows rank no one (their rank is blank, a dash, n/a, NR or THE’s "
        "“Reporter”) and are skipped: rows %(rows)s.",
        len(rows),
    ) % {"count": count_text(len(rows)), "rows": shown}


def _one_cell(row: list[Cell], refused: str) -> bool:
    """A row that reads as a note: one short text alone, holding none of `refused`."""
    cells = [cell for cell in row if not blank_row([cell])]
    return (
        len(cells) == 1
        and isinstance(cells[0], str)
        and len(cells[0]) <= 200
        and not any(mark in cells[0] for mark in refused)
    )


def _parse_column(
    rows: list[list[Cell]],
    kept: list[int],
    index: int,
    parser: Callable[[Cell], Any],
    found: list[tuple[int, int, str]],
) -> list[Any]:
    """`parser` applied to one column of the kept rows, each distinct value once.

    A value that does not parse gives None, and its message goes to `found`. Values are
    told apart by type as well: 1, 1.0 and True are equal in Python, and a formula is a str.
    """
    memo: dict[type, dict[Cell, Any]] = defaultdict(dict)
    parsed: list[Any] = []
    append = parsed.append
    for row_index in kept:
        row = rows[row_index]
        value = row[index] if index < len(row) else None
        known = memo[type(value)]
        try:
            outcome = known[value]
        except KeyError:
            try:
                outcome = parser(value)
            except CellError as error:
                outcome = error
            known[value] = outcome
        if type(outcome) is CellError:
            found.append((row_index, index, str(outcome)))
            outcome = None
        append(outcome)
    return parsed


def _duplicates(entries: list[Entry], header: Header) -> list[str]:
    first: dict[tuple[str, str, Table], Entry] = {}
    errors = []
    column = header.labels[header.columns["institution"]]
    for entry in entries:
        key = (*entry.key, entry.table)
        if key in first:
            errors.append(
                at_cell(
                    entry.row,
                    column,
                    gettext(
                        "%(name)s (%(country)s) appears twice in the %(table)s, "
                        "in rows %(first)s and %(row)s"
                    )
                    % {
                        "name": entry.name,
                        "country": entry.country,
                        "table": table_noun(entry.table),
                        "first": first[key].row,
                        "row": entry.row,
                    },
                )
            )
        else:
            first[key] = entry
    return errors
