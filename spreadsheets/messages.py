"""How a problem with a file is told: an error for the whole file, or `row N: column: what`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext


@dataclass(frozen=True)
class FileWarning:
    """Something in the file to check, which does not stop the import: what it is, and the
    rows it concerns (the preview folds them away; a command prints them)."""

    text: str
    rows: tuple[int, ...] = ()

    def __str__(self) -> str:
        if not self.rows:
            return self.text
        return gettext("%(warning)s Rows: %(rows)s.") % {
            "warning": self.text,
            "rows": ", ".join(map(str, self.rows)),
        }


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, size, header); the message says why."""


def count_text(number: int) -> str:
    """A count grouped as the active language groups it: 19,050 in English, 19 050 in French."""
    return number_format(number, force_grouping=True)


def decimal_text(number: float, places: int) -> str:
    """`number` rounded as Python rounds it (number_format cuts digits off), in the active
    language's notation: 12.5 in English, 12,5 in French."""
    return number_format(Decimal(f"{number:.{places}f}"), places)


def megabytes(size: int) -> str:
    return decimal_text(size / (1024 * 1024), 1)


def at_row(row: int, problem: str) -> str:
    """A problem with a whole row, as `row N: what is wrong`."""
    return gettext("row %(row)s: %(problem)s") % {"row": row, "problem": problem}


def at_cell(row: int, column: str, problem: str) -> str:
    """A problem with one cell, as `row N: column: what is wrong`."""
    return gettext("row %(row)s: %(column)s: %(problem)s") % {
        "row": row,
        "column": column,
        "problem": problem,
    }
