"""What the XLSX and ODS readers share: merged cells, hidden rows, sheet names, percentages."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext, ngettext

from .cells import Cell


def no_such_sheet(sheet: str, names: list[str]) -> str:
    return gettext("There is no sheet “%(sheet)s”; the sheets are: %(sheets)s.") % {
        "sheet": sheet,
        "sheets": ", ".join(names),
    }


def sheet_read(title: str) -> str:
    return gettext("Sheet “%(sheet)s” was read.") % {"sheet": title}


def fill_merged(rows: list[list[Cell]], spans: list[tuple[int, int, int]]) -> list[str]:
    """Give each row of a merge down a column the merged value, as the person sees it: a name
    merged over an institution's 18 rows names each of them. Rows that hold nothing else stay
    blank. Says so, since the file holds the value once."""
    filled = 0
    reach: dict[int, int] = {}  # each column's last row a merge covered
    for column, first, last in sorted(spans):
        if first >= len(rows) or column >= len(rows[first]) or rows[first][column] in (None, ""):
            continue
        if first <= reach.get(column, -1):
            continue  # merges never overlap in a real file: no cell is filled twice
        reach[column] = last
        value = rows[first][column]
        for row in rows[first + 1 : last + 1]:
            if not row or all(cell in (None, "") for cell in row):
                continue
            if column >= len(row):
                row.extend([None] * (column + 1 - len(row)))
            if row[column] in (None, ""):
                row[column] = value
                filled += 1
    if not filled:
        return []
    return [
        ngettext(
            "%(count)s cell was in a merge down a column: it was read as holding the merged value.",
            "%(count)s cells were in merges down a column: each was read as holding the merged "
            "value.",
            filled,
        )
        % {"count": filled}
    ]


def hidden_rows(count: int) -> str:
    return ngettext(
        "The sheet hides %(count)s row of data (a filter?): it was read too, as a CSV saved "
        "from the sheet would hold it.",
        "The sheet hides %(count)s rows of data (a filter?): they were read too, as a CSV saved "
        "from the sheet would hold them.",
        count,
    ) % {"count": count}


def percent(text: str) -> int | float:
    """A percentage cell as it reads (0.856 shown as 85.6%: 85.6), without float noise."""
    number = Decimal(text) * 100
    return int(number) if number == number.to_integral_value() else float(number)
