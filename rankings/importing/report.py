"""What an import compares and what it tells: the stored values, their description, the report.

Every message is written in the active language (a French editor's preview is French; the
commands switch to English). Where a count is shown, ngettext agrees the words with it.
What the fingerprint hashes (values, status constants) holds no words of any language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, override

from rankings.parsing.layouts import LAYOUT_NAMES
from rankings.ranks import Rank
from spreadsheets.messages import FileWarning, count_text


class Values(NamedTuple):
    """The value columns of a result or an SDG result, as stored; the names are the columns."""

    rank_low: int | None
    rank_high: int | None
    rank_tie: bool
    score_low: Decimal | None
    score_high: Decimal | None
    national_rank: int | None


VALUE_FIELDS = list(Values._fields)
NO_VALUES = Values(None, None, False, None, None, None)

# An import builds Values twice per row of the file (stored, and from the file), so how counts:
# calling a NamedTuple class runs its Python-level __new__ (~250 ns, against ~120 ns for
# tuple.__new__, which Django's values_list(named=True) uses too), and unlike a plain tuple a
# NamedTuple is never untracked by the garbage collector. So the pairs and 4-tuples around them
# (Stored, plan.Target) stay plain tuples, unpacked where they are read.
make = tuple.__new__


# A row the edition holds now: its id and its values. A plain pair, unpacked where it is read.
Stored = tuple[int, Values]


# A change's status: constants that the fingerprint hashes, never words of a language.
NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass
class Change:
    row: int
    institution: str
    country: str
    table: str
    status: str
    old: str
    new: str
    # "edited in the admin on … by …": the change undoes a hand edit (hand_edits).
    edited: str = ""

    def __str__(self) -> str:
        where = {
            "row": self.row,
            "institution": self.institution,
            "country": self.country,
            "table": self.table,
            "old": self.old,
            "new": self.new,
        }
        if self.status == NEW:
            return (
                gettext("row %(row)s: %(institution)s (%(country)s), %(table)s: new, %(new)s")
                % where
            )
        text = (
            gettext("row %(row)s: %(institution)s (%(country)s), %(table)s: %(old)s → %(new)s")
            % where
        )
        return f"{text} ({self.edited})" if self.edited else text


@dataclass
class ImportReport:
    """What an import did or would do: the preview and the outcome use the same report."""

    edition: str = ""
    file_format: str = ""
    layout: str = ""
    notes: list[str] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)  # to check; they do not stop it
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rows: int = 0  # data rows with something to import (a wide row holds up to 18 results)
    errors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # Per table, as the preview shows it: its label -> how many entries are new, updated,
    # unchanged. In table order (overall, then SDG 1 to 17).
    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    new_institutions: list[str] = field(default_factory=list)
    new_subjects: list[str] = field(default_factory=list)  # another ranking's new tables
    derived: list[str] = field(default_factory=list)
    fingerprint: str = ""
    written: bool = False
    stale: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def layout_display(self) -> str:
        return str(LAYOUT_NAMES.get(self.layout, self.layout))

    def summary(self) -> str:
        counts = [
            (ngettext("%(count)s new", "%(count)s new", self.new), self.new),
            (ngettext("%(count)s updated", "%(count)s updated", self.updated), self.updated),
            (
                ngettext("%(count)s unchanged", "%(count)s unchanged", self.unchanged),
                self.unchanged,
            ),
            (ngettext("%(count)s skipped", "%(count)s skipped", self.skipped), self.skipped),
            (ngettext("%(count)s error", "%(count)s errors", len(self.errors)), len(self.errors)),
        ]
        return ", ".join(text % {"count": count_text(count)} for text, count in counts)


@lru_cache(maxsize=8192)  # a full edition repeats the same few hundred values
def describe(values: Values | None, language: str | None) -> str:
    """Stored values in words, in `language`: the caller passes the active language once per
    import (translation.get_language()), which keys the cache, since a worker serves both."""
    with override(language):
        if values is None or values.rank_low is None:
            return gettext("no rank")
        text = str(Rank(values.rank_low, values.rank_high, values.rank_tie))
        if values.score_low is not None:
            score = number_format(values.score_low)
            if values.score_high is not None:
                score += f"–{number_format(values.score_high)}"
            text = gettext("%(rank)s, score %(score)s") % {"rank": text, "score": score}
        if values.national_rank is not None:
            text = gettext("%(description)s, national %(national)s") % {
                "description": text,
                "national": values.national_rank,
            }
        return text
