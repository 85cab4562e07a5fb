"""The layout of a results file (long, wide or a single THE table), from its header row."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext, pgettext_lazy

from common.text import name_key
from spreadsheets.cells import Cell
from spreadsheets.messages import ImportFileError, at_cell, at_row

from .values import SDG_NUMBERS, no_such_sdg

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
    # Optional: what sort of institution (university, engineering or business school, other).
    "category": {"category", "categorie", "type", "institution type", "type d etablissement"},
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
    "category": pgettext_lazy("import column", "category"),
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
                problems.append(at_cell(row, labels[i], no_such_sdg(number)))
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
                    "[, national_rank][, category]), wide (institution, country, overall, sdg1 … sdg17), "
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
