"""A cell as the text a person reads, and the cells no column accepts (formulas, dates).

The results import and the schools and contacts imports read their cells through these.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django.utils.translation import gettext

from common.text import without_bidi_controls

from .cells import Cell, Formula


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
    if text.isascii():
        # No no-break, invisible or bidi character in it, and the ASCII spaces `\s` matches
        # are those strip() removes: the same text, ten times faster (most cells are ASCII).
        return text.strip()
    return without_bidi_controls(_EDGE_SPACE.sub("", text).replace("\u00a0", " "))


# Spaces at either end of a cell, the invisible ones that pasting from a web page or a PDF
# leaves too (zero-width space and joiners, word joiner, a stray BOM): str.strip() keeps those.
_EDGE_SPACE = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


# A formula that is nothing but "=" and a whole number: THE's tie notation (=64) typed into a
# CSV, which a spreadsheet program opening it takes for a formula and saves as one (=64 in
# XLSX and XLS, of:=64 in ODS).
_WHOLE_NUMBER_FORMULA = re.compile(r"(?:of:)?=\s*(\d{1,9})\s*")


def whole_number_formula(value: Cell) -> int | None:
    """The number of a formula cell that is only `=` and a whole number; None for any other
    cell. Only a rank column reads it (as a tie): elsewhere a formula stays refused."""
    if isinstance(value, Formula) and (match := _WHOLE_NUMBER_FORMULA.fullmatch(value)):
        return int(match[1])
    return None


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


def blank_row(row: list[Cell]) -> bool:
    """Whether a row holds nothing: no cell, or only empty and whitespace ones."""
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)
