"""From a sheet's rows to result entries: the layout by its header, then every cell checked.

`parse_entries` finds the layout (long, wide or a single THE table) from the header row, reads
each column's values (institution, country, table, rank, score, national rank) and gives one
`Entry` per result, with every problem as `row N: column: what is wrong`, in file order.
It reads no database: matching and writing are `importing`'s.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.utils.translation import (
    gettext,
    ngettext,
    pgettext,
    pgettext_lazy,
)
from django_countries import countries
from django_countries.data import ALT_CODES

from common.text import name_key
from schools.models import School

from .ranks import _DASHES, Rank, RankError
from .spreadsheets import (
    Cell,
    Formula,
    ImportFileError,
    Sheet,
    at_cell,
    at_row,
    count_text,
)

OVERALL = 0  # the overall table; SDG tables are 1..17
SDG_NUMBERS = range(1, 18)
MAX_NAME_LENGTH = School._meta.get_field("name").max_length
# Long imports report how far they are: progress(stage, rows_done, rows_total).
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 1000


# --- Layouts -----------------------------------------------------------------------------
LONG, WIDE, THE_TABLE = "long", "wide", "THE table"
# The layouts as the preview names them; the constants above stay as they are (the command
# prints them, and they are not words to the reader's language).
LAYOUT_NAMES = {
    LONG: pgettext_lazy("import layout", "long"),
    WIDE: pgettext_lazy("import layout", "wide"),
    THE_TABLE: pgettext_lazy("import layout", "THE table"),
}

# Header aliases, compared after name_key(): case, accents, spaces and punctuation ignored.
_ALIASES = {
    "institution": {
        "institution",
        "university",
        "name",
        "institution name",
        "university name",
        "etablissement",  # the French spellings a press office types
        "universite",
        "nom",
        "nom de l etablissement",
    },
    "country": {
        "country",
        "country region",
        "country territory",
        "country code",
        "location",
        "pays",
        "pays region",  # THE's French pages: Pays/Région
        "pays territoire",
    },
    "table": {"table", "sdg", "goal", "ranking table", "tableau", "odd"},
    "rank": {"rank", "overall rank", "position", "world rank", "overall position", "rang"},
    "score": {"score", "overall score"},
    "national_rank": {
        "national rank",
        "rank in country",
        "country rank",
        "national position",
        "rang national",
    },
}
_WIDE_OVERALL = {
    "overall",
    "overall rank",
    "rank",
    "overall position",
    "general",
    "rang",
    "classement general",  # French: name_key() has dropped the accents
    "rang general",
    "global",
    "classement global",
}
# SDG 11, Goal 11, and in French ODD 11 (objectif de développement durable).
_SDG_HEADER = re.compile(r"^(?:sdg|goal|odd)\s?0?(\d{1,2})(?:\s|$)")
REQUIRED = {
    LONG: ("institution", "country", "table", "rank"),
    WIDE: ("institution", "country"),
    THE_TABLE: ("rank", "institution", "country"),
}
# What a header error calls each field, in the reader's language (the French words are
# header spellings the detection accepts too).
FIELD_NAMES = {
    "institution": pgettext_lazy("import column", "institution"),
    "country": pgettext_lazy("import column", "country"),
    "table": pgettext_lazy("import column", "table"),
    "rank": pgettext_lazy("import column", "rank"),
    "score": pgettext_lazy("import column", "score"),
    "national_rank": pgettext_lazy("import column", "national rank"),
}


@dataclass
class Header:
    layout: str
    columns: dict[str, int]  # field -> column index
    labels: dict[int, str]  # column index -> the header as the file spells it
    sdg_columns: dict[int, int] = field(default_factory=dict)  # SDG number -> column index
    ignored: list[str] = field(default_factory=list)


def detect_layout(header_row: list[Cell], *, row: int = 1) -> Header:
    """Recognise the layout from the header row (row `row` of the file), or explain what is
    missing."""
    labels = {i: _clean_label(value) for i, value in enumerate(header_row)}
    keys = {i: name_key(label) for i, label in labels.items()}
    sdg_columns: dict[int, int] = {}
    problems: list[str] = []
    for i, key in keys.items():
        if match := _SDG_HEADER.match(key):
            number = int(match[1])
            if number not in SDG_NUMBERS:
                problems.append(at_cell(row, labels[i], _no_such_sdg(number)))
            elif number in sdg_columns:
                problems.append(
                    at_cell(
                        row,
                        labels[i],
                        gettext("SDG %(number)s already has the column %(column)s")
                        % {"number": number, "column": labels[sdg_columns[number]]},
                    )
                )
            else:
                sdg_columns[number] = i
    layout = WIDE if sdg_columns else LONG if "table" in _fields_present(keys) else THE_TABLE
    aliases = dict(_ALIASES)
    if layout == WIDE:
        aliases = {k: v for k, v in _ALIASES.items() if k in {"institution", "country"}}
        aliases["rank"] = _WIDE_OVERALL
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for i, key in keys.items():
        if i in sdg_columns.values():
            continue
        found = next((name for name, spellings in aliases.items() if key in spellings), None)
        if found is None:
            if labels[i]:
                ignored.append(labels[i])
            continue
        if found in columns:
            problems.append(
                at_cell(
                    row,
                    labels[i],
                    gettext("a second column for %(field)s (the first is %(column)s)")
                    % {"field": FIELD_NAMES[found], "column": labels[columns[found]]},
                )
            )
        columns[found] = i
    missing = [name for name in REQUIRED[layout] if name not in columns]
    if missing and layout == THE_TABLE and "rank" in missing and len(missing) == 1:
        problems.append(at_row(row, gettext("no rank column (Rank or Overall rank)")))
    elif missing:
        problems.append(
            at_row(
                row,
                gettext(
                    "the header does not match a known layout; missing %(missing)s. "
                    "Expected one of: long (institution, country, table, rank[, score]"
                    "[, national_rank]), wide (institution, country, overall, sdg1 … sdg17), "
                    "or a THE table (rank, name, country/region[, score])"
                )
                % {"missing": ", ".join(str(FIELD_NAMES[name]) for name in missing)},
            )
        )
    if problems:
        raise ImportFileError("\n".join(problems))
    return Header(layout, columns, labels, sdg_columns, ignored)


def _fields_present(keys: dict[int, str]) -> set[str]:
    return {name for key in keys.values() for name, al in _ALIASES.items() if key in al}


# How far down a header is looked for when the first row is not one.
HEADER_SEARCH_ROWS = 10


def header_index(rows: list[list[Cell]]) -> int:
    """Where the header is: the first row, unless that is blank or not a header and one of the
    next few rows names the institution column and another one (a download's title line, or
    a report's blank rows, above the table). The first row otherwise, to be explained."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {i: name_key(_clean_label(value)) for i, value in enumerate(row)}
        present = _fields_present(keys)
        if "institution" in present and (
            len(present) > 1 or any(_SDG_HEADER.match(key) for key in keys.values())
        ):
            return index
    return 0


def _clean_label(value: Cell) -> str:
    text = "" if value is None else str(value)
    return " ".join(unicodedata.normalize("NFKC", text).split())


# --- Cell values -------------------------------------------------------------------------
class CellError(ValueError):
    """A cell's value is wrong; the message is what a person should fix."""


def plain_text(value: Cell) -> str:
    """A cell as the text a person reads: trimmed, no-break spaces as spaces, a whole float
    without its ".0", and this project's CSV formula escape removed (the schools and contacts
    import read their cells through it too)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    # An apostrophe in front of a formula character is this project's own CSV export escaping.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]
    return _EDGE_SPACE.sub("", text).replace("\u00a0", " ")


# Spaces at either end of a cell, the invisible ones that pasting from a web page or a PDF
# leaves too (zero-width space and joiners, word joiner, a stray BOM): str.strip() keeps those.
_EDGE_SPACE = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


def reject_special(value: Cell) -> None:
    if isinstance(value, Formula):
        if not value.strip("= "):  # a filled-down (shared) formula keeps its text elsewhere
            raise CellError(gettext("a formula; paste the values instead"))
        raise CellError(
            gettext("a formula (%(formula)s); paste the values instead") % {"formula": value}
        )
    if isinstance(value, datetime | date | time):
        raise CellError(
            gettext(
                "a date (%(value)s); the spreadsheet turned it into a date, "
                "format the column as text"
            )
            % {"value": value}
        )
    if isinstance(value, bool):
        raise CellError(gettext("%(value)s is not a value for this column") % {"value": value})


def parse_name(value: Cell) -> str:
    reject_special(value)
    name = " ".join(plain_text(value).split())
    if not name:
        raise CellError(gettext("blank"))
    if len(name) > MAX_NAME_LENGTH:
        raise CellError(
            ngettext(
                "longer than %(limit)s characters",
                "longer than %(limit)s characters",
                MAX_NAME_LENGTH,
            )
            % {"limit": MAX_NAME_LENGTH}
        )
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise CellError(gettext("contains control characters"))
    return name


_COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "united states": "US",
    "united states of america": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "korea republic of": "KR",
    "republic of korea": "KR",
    "korea": "KR",
    "hong kong sar": "HK",
    "hong kong sar china": "HK",
    "macau": "MO",
    "macao sar": "MO",
    "czechia": "CZ",
    "turkiye": "TR",
    "vietnam": "VN",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "palestine": "PS",
    "kosovo": "XK",
    "republic of ireland": "IE",  # as THE writes it
    "uae": "AE",
    "mainland china": "CN",
    "the netherlands": "NL",
    "slovak republic": "SK",
    "dr congo": "CD",
    "drc": "CD",
    "cape verde": "CV",
    "reunion": "RE",
    "vatican": "VA",
    "trnc": "XN",  # the Turkish Republic of Northern Cyprus
}


@lru_cache(maxsize=4096)  # bounded: files can hold any text here
def country_code(text: str) -> str | None:
    """An ISO 3166 code from a code (FR, FRA), an English name (THE's spellings included) or a
    French one."""
    cleaned = text.strip()
    if not cleaned:
        return None
    upper = cleaned.upper()
    if len(upper) == 2 and upper in countries:
        return upper
    if len(upper) == 3 and upper.isalpha():
        for code, (alpha3, _numeric) in ALT_CODES.items():
            if alpha3 == upper:
                return code
    key = name_key(cleaned)
    if key in _COUNTRY_ALIASES and _COUNTRY_ALIASES[key] in countries:
        return _COUNTRY_ALIASES[key]
    code = (
        countries.by_name(cleaned)
        or countries.by_name(key)
        # A French office types French names (Allemagne, Royaume-Uni).
        or countries.by_name(cleaned, language="fr")
    )
    return code or None


def parse_country(value: Cell) -> str:
    reject_special(value)
    text = plain_text(value)
    if not text:
        raise CellError(gettext("blank"))
    code = country_code(text)
    if code is None:
        raise CellError(
            gettext(
                "unknown country “%(country)s” (use an ISO code such as FR, or its English name)"
            )
            % {"country": text}
        )
    return code


# What files write for "not ranked in this table", besides a blank cell: a dash, n/a, NR, or
# THE's "Reporter" (an institution that sent its data and is not ranked). Compared after
# name_key(), which drops case, accents and punctuation.
_NOT_RANKED_WORDS = {"n a", "na", "nr", "not ranked", "unranked", "reporter", "non classe"}


class _NotRanked:
    def __repr__(self) -> str:
        return "NOT_RANKED"


NOT_RANKED = _NotRanked()


def not_ranked(value: Cell) -> bool:
    """Whether a rank cell says the institution is not ranked (a blank cell does not say so)."""
    if type(value) is not str:
        return False
    text = plain_text(value)
    if not text or text[0].isdigit():  # most cells are ranks: no need to normalise them
        return False
    return not text.strip(_DASHES + " ") or name_key(text) in _NOT_RANKED_WORDS


def parse_rank_or_not_ranked(value: Cell) -> Rank | _NotRanked:
    return NOT_RANKED if not_ranked(value) else parse_rank(value)


def parse_rank(value: Cell) -> Rank:
    reject_special(value)
    if isinstance(value, str):
        value = plain_text(value)
    try:
        return Rank.parse(value if value is not None else "")
    except RankError as error:
        raise CellError(str(error)) from error


_OVERALL_TABLE = {
    "overall",
    "overall ranking",
    "overall rank",
    "all",
    "total",
    "general",  # French: général, classement général, global
    "classement general",
    "global",
    "classement global",
}
_TABLE = re.compile(r"^(?:sdg|goal|odd)?\s?0*(\d+)(?:\s.*)?$")
_SDG_TARGET = re.compile(
    r"^(?:sdg|goal|odd)?\s*0*(\d+)\s*[.,]\s*(?:\d|[a-z](?![a-z]))", re.IGNORECASE
)


def parse_table(value: Cell) -> int:
    """`overall` is 0; an SDG (11, "SDG 11", "sdg11", "SDG 11: Sustainable cities") its number."""
    reject_special(value)
    key = name_key(plain_text(value))
    if not key:
        raise CellError(gettext("blank (expected overall or an SDG number such as 11 or SDG 11)"))
    if key in _OVERALL_TABLE:
        return OVERALL
    # name_key() would read "3.7" as "3 7", that is SDG 3: a target is not a table THE ranks.
    if target := _SDG_TARGET.match(unicodedata.normalize("NFKC", plain_text(value))):
        raise CellError(
            gettext("“%(value)s” is an SDG target; THE ranks whole goals (SDG %(number)s)")
            % {"value": plain_text(value), "number": int(target[1])}
        )
    match = _TABLE.match(key)
    if match is None:
        raise CellError(
            gettext("“%(value)s” is not a table (expected overall, 1–17 or SDG 11)")
            % {"value": plain_text(value)}
        )
    number = int(match[1])
    if number not in SDG_NUMBERS:
        raise CellError(_no_such_sdg(number))
    return number


def _no_such_sdg(number: int) -> str:
    return gettext("there is no SDG %(number)s (1–17)") % {"number": number}


_ONE_DECIMAL = Decimal("0.1")


def _score_number(text: str) -> Decimal:
    # "85.6%": a score column formatted as a percentage and saved as CSV.
    digits = text[:-1].rstrip() if text.endswith("%") else text
    try:
        number = Decimal(digits.replace(",", ".") if digits.count(",") == 1 else digits)
    except InvalidOperation as error:
        raise CellError(_not_a_score(text)) from error
    if not number.is_finite() or number < 0 or number > 100:
        raise CellError(gettext("%(value)s is not a score between 0 and 100") % {"value": text})
    rounded = number.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
    if rounded != number:
        raise CellError(
            gettext("%(value)s has more than one decimal (THE publishes one)") % {"value": text}
        )
    return rounded


def parse_score(value: Cell) -> tuple[Decimal, Decimal | None] | None:
    """A score or a range of scores ("85.3", "80.1–85.0"); None when the cell is blank."""
    reject_special(value)
    if isinstance(value, int | float | Decimal):
        return _score_number(repr(value) if isinstance(value, float) else str(value)), None
    text = plain_text(value)
    if not text or not_ranked(value):  # "—" or "n/a": no score given
        return None
    parts = re.split(rf"\s*[{_DASHES}]\s*", text) if not text.startswith("-") else [text]
    if len(parts) == 1:
        return _score_number(parts[0]), None
    if len(parts) == 2 and all(parts):
        low, high = _score_number(parts[0]), _score_number(parts[1])
        if high < low:
            raise CellError(gettext("the score range %(value)s is reversed") % {"value": text})
        return low, (high if high != low else None)
    raise CellError(_not_a_score(text))


def _not_a_score(text: str) -> str:
    return gettext("“%(value)s” is not a score") % {"value": text}


def parse_national_rank(value: Cell) -> int | None:
    reject_special(value)
    text = plain_text(value)
    if not text or not_ranked(value):
        return None
    try:
        rank = Rank.parse(value if not isinstance(value, str) else text)
    except RankError as error:
        raise CellError(
            gettext("“%(value)s” is not a position in the country") % {"value": text}
        ) from error
    if not rank.is_exact:
        raise CellError(
            gettext("%(value)s: a national rank is one position, not a band") % {"value": text}
        )
    return rank.low


# --- Rows --------------------------------------------------------------------------------
@dataclass(slots=True)
class Entry:
    """One institution's position in one table, as the file gives it."""

    row: int
    name: str
    country: str
    table: int
    rank: Rank
    score: tuple[Decimal, Decimal | None] | None  # None: the file does not say
    national_rank: int | None  # None: the file does not say
    key: tuple[str, str] = field(init=False)  # the institution: normalised name and country

    def __post_init__(self) -> None:
        self.key = (_name_key(self.name), self.country)


# A full edition repeats each name 15 times or more: normalise each spelling once.
_name_key = lru_cache(maxsize=65536)(name_key)  # bounded: a worker lives for months


def table_label(table: int) -> str:
    """The table as files name it (the export writes it): the same in every language."""
    return "overall" if table == OVERALL else f"SDG {table}"


def table_display(table: int) -> str:
    """The table as the preview's Table column shows it, in the active language."""
    if table == OVERALL:
        return pgettext("import table", "overall")
    return gettext("SDG %(number)s") % {"number": table}


def table_noun(table: int) -> str:
    """The table in a sentence: "The %(table)s is whole" (the overall table, the SDG 11 table)."""
    if table == OVERALL:
        return gettext("overall table")
    return gettext("SDG %(number)s table") % {"number": table}


@dataclass
class Parsed:
    header: Header
    entries: list[Entry]
    errors: list[str]
    skipped: int  # blank rows, and rows that rank nobody
    notes: list[str] = field(default_factory=list)


def parse_entries(
    sheet: Sheet, *, table: int | None = None, progress: Progress | None = None
) -> Parsed:
    """Validate every data row, collecting every error instead of stopping at the first."""
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
        tables = column("table", parse_table) if header.layout == LONG else [table] * len(kept)
        scores = column("score", parse_score)
        nationals = column("national_rank", parse_national_rank)
        total = len(kept)
        for position, (index, name, country, rank, row_table, score, national) in enumerate(
            zip(kept, names, countries, ranks, tables, scores, nationals, strict=True)
        ):
            if progress is not None and position % PROGRESS_EVERY == 0:
                progress("checking", position, total)
            if rank is NOT_RANKED:
                unranked.append(index + 1)
            elif name and country and rank and row_table is not None:
                entries.append(Entry(index + 1, name, country, row_table, rank, score, national))
    # Row by row, and in each row from left to right, as the file reads.
    found.sort(key=lambda error: error[:2])
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
    notes.extend(_untied_notes(entries))
    return Parsed(header, entries, errors, skipped + len(unranked), notes)


def _untied_notes(entries: list[Entry]) -> list[str]:
    """A warning for each exact rank that several rows of a table give without "=": THE
    marks a shared position as a tie (=12), so "12" twice is likely a typing slip."""
    rows: dict[tuple[int, int], list[int]] = defaultdict(list)
    for entry in entries:
        if entry.rank.is_exact and not entry.rank.tie:
            rows[(entry.table, entry.rank.low)].append(entry.row)
    return [
        gettext(
            "In the %(table)s, rows %(rows)s all give rank %(rank)s without “=”: a shared "
            "position is a tie (=%(rank)s). Check the file; the import reads them as given."
        )
        % {"table": table_noun(table), "rows": ", ".join(map(str, found)), "rank": rank}
        for (table, rank), found in sorted(rows.items())
        if len(found) > 1
    ]


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


def blank_row(row: list[Cell]) -> bool:
    """Whether a row holds nothing: no cell, or only empty and whitespace ones."""
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


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
    first: dict[tuple[str, str, int], Entry] = {}
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
