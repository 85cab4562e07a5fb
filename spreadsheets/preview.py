"""What the admin's import page shows of a file: how many rows of each kind, and the first rows
of each kind that need the editor's eye.

Nobody reads 5,000 rows on a page: the page gives the counts, then the rows with errors, the
invalid rows, the updated rows and the new rows, the first `SHOWN` of each, and says how many
more there are. Unchanged rows are counted, not listed. Only the rows shown have their diff
worked out (`resources.LazyDiff`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import ngettext, pgettext

from .messages import count_text

# Rows listed per kind: enough to see what a file does, and a page that opens at once.
SHOWN = 100

NEW, UPDATE, DELETE, SKIP = "new", "update", "delete", "skip"  # the library's import types
INVALID, ERROR, BLANK = "invalid", "error", "blank"


@dataclass(frozen=True)
class Count:
    kind: str
    number: int

    @property
    def label(self) -> str:
        labels = {
            NEW: pgettext("import rows", "New"),
            UPDATE: pgettext("import rows", "Updated"),
            SKIP: pgettext("import rows", "Unchanged"),
            DELETE: pgettext("import rows", "Deleted"),
            BLANK: pgettext("import rows", "Skipped (blank)"),
            INVALID: pgettext("import rows", "Invalid"),
            ERROR: pgettext("import rows", "With errors"),
        }
        return labels[self.kind]

    @property
    def text(self) -> str:
        return count_text(self.number)


@dataclass(frozen=True)
class Rows:
    """The first rows of one kind, and how many there are in all."""

    kind: str
    rows: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    @property
    def title(self) -> str:
        titles = {
            NEW: pgettext("import rows", "New rows"),
            UPDATE: pgettext("import rows", "Updated rows"),
            DELETE: pgettext("import rows", "Deleted rows"),
            INVALID: pgettext("import rows", "Invalid rows"),
            ERROR: pgettext("import rows", "Rows with errors"),
        }
        return titles[self.kind]

    @property
    def first_text(self) -> str:
        """'The first 100 rows of 4,900', when some are not shown."""
        if not self.more:
            return ""
        return ngettext(
            "The first %(shown)s row of %(total)s",
            "The first %(shown)s rows of %(total)s",
            len(self.rows),
        ) % {"shown": count_text(len(self.rows)), "total": count_text(self.total)}

    @property
    def more_text(self) -> str:
        """'… and 4,800 more new rows.', when some are not shown."""
        n, more = self.more, {"count": count_text(self.more)}
        if not n:
            return ""
        if self.kind == NEW:
            return (
                ngettext("… and %(count)s more new row.", "… and %(count)s more new rows.", n)
                % more
            )
        if self.kind == UPDATE:
            return (
                ngettext(
                    "… and %(count)s more updated row.", "… and %(count)s more updated rows.", n
                )
                % more
            )
        if self.kind == DELETE:
            return (
                ngettext(
                    "… and %(count)s more deleted row.", "… and %(count)s more deleted rows.", n
                )
                % more
            )
        if self.kind == INVALID:
            return (
                ngettext(
                    "… and %(count)s more invalid row.", "… and %(count)s more invalid rows.", n
                )
                % more
            )
        return (
            ngettext(
                "… and %(count)s more row with errors.", "… and %(count)s more rows with errors.", n
            )
            % more
        )


@dataclass(frozen=True)
class ImportPreview:
    counts: list[Count]
    rows: int  # in the file, between the header and the last row
    error_rows: Rows
    invalid_rows: Rows
    changes: list[Rows]  # updated rows, then new rows (then deleted rows), when there are any

    @property
    def rows_text(self) -> str:
        return ngettext("%(count)s row", "%(count)s rows", self.rows) % {
            "count": count_text(self.rows)
        }


def import_preview(result: Any, *, shown: int = SHOWN) -> ImportPreview:
    """The counts and the rows the page shows of an import's `Result` (the library's)."""
    totals = result.totals
    blank = getattr(result, "blank_rows", 0)  # set by SafeResource.import_data
    counts = [
        Count(NEW, totals[NEW]),
        Count(UPDATE, totals[UPDATE]),
        Count(SKIP, totals[SKIP]),
        Count(BLANK, blank),
        Count(INVALID, len(result.invalid_rows)),
    ]
    if totals[DELETE]:
        counts.insert(3, Count(DELETE, totals[DELETE]))
    if result.error_rows:
        counts.append(Count(ERROR, len(result.error_rows)))
    by_kind: dict[str, list[Any]] = {}
    for row in result.rows:
        by_kind.setdefault(row.import_type, []).append(row)
    return ImportPreview(
        counts=counts,
        rows=result.total_rows + blank,
        error_rows=Rows(ERROR, result.error_rows[:shown], len(result.error_rows)),
        invalid_rows=Rows(INVALID, result.invalid_rows[:shown], len(result.invalid_rows)),
        changes=[
            Rows(kind, rows[:shown], len(rows))
            for kind in (UPDATE, NEW, DELETE)
            if (rows := by_kind.get(kind))
        ],
    )
