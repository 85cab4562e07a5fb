"""The rank value type: a position in a ranking table as THE publishes it.

A rank is an exact position (57), a tie (=57), a band (101–200) or an open band (1001+).
It is stored as three columns (`rank_low`, `rank_high`, `rank_tie`) so the database can sort
and filter on it; this module holds the parsing, the display and the ordering in one place.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from functools import total_ordering

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

EN_DASH = "\u2013"

# Every dash people type between the bounds of a band, after NFKC normalisation:
# hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
# Thousands separators that may appear inside a number ("1 001+", "1,001+").
_THOUSANDS = re.compile(r"(?<=\d)[ ,.'\u00a0\u202f](?=\d{3}(?!\d))")
_NUMBER = r"(\d+)"
_EXACT = re.compile(rf"^(=)?{_NUMBER}$")
_BAND = re.compile(rf"^{_NUMBER}[{_DASHES}]{_NUMBER}$")
_OPEN = re.compile(rf"^{_NUMBER}\+$")


MAX_POSITION = 100_000  # THE ranks about 2,000 institutions


class RankError(ValueError):
    """Raised with a message an editor can act on when a rank cannot be read.

    The message is put into words when shown, in the active language (an editor's form or
    import report in French says it in French); `english` gives it in English whatever the
    active language is.
    """

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message, self.params = message, params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)

    @property
    def english(self) -> str:
        with override("en"):
            return str(self)


class Movement(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"
    LEFT = "left"


@total_ordering
@dataclass(frozen=True, slots=True)
class Rank:
    """A position: `low` is the best place it covers, `high` the worst (None when open).

    Lower is better. Ranks are totally ordered by (low, high), an open band after every
    band with the same low bound; a tie is the same position as the exact rank.
    """

    low: int
    high: int | None
    tie: bool = False

    def __post_init__(self) -> None:
        if self.low < 1:
            raise RankError(_("a rank starts at 1, not %(low)s"), low=self.low)
        if max(self.low, self.high or 0) > MAX_POSITION:
            # Beyond any ranking, and beyond what the database's integer columns hold.
            raise RankError(
                _("%(position)s is beyond any ranking (at most %(max)s)"),
                position=max(self.low, self.high or 0),
                max=MAX_POSITION,
            )
        if self.high is not None and self.high < self.low:
            raise RankError(
                _("the band %(low)s–%(high)s has its bounds reversed"), low=self.low, high=self.high
            )
        if self.tie and self.high != self.low:
            raise RankError(_("only an exact rank can be a tie (=57)"))

    # --- construction ------------------------------------------------------
    @classmethod
    def exact(cls, position: int, *, tie: bool = False) -> Rank:
        return cls(position, position, tie)

    @classmethod
    def band(cls, low: int, high: int | None) -> Rank:
        return cls(low, high)

    @classmethod
    def parse(cls, text: str | int | Rank) -> Rank:
        """Read a rank as people write it: 57, =57, 101-200, [101 – 200], 1001+, 1 001+."""
        if isinstance(text, Rank):
            return text
        if isinstance(text, bool):
            raise RankError(_("“%(text)s” is not a rank"), text=str(text))
        if isinstance(text, int):
            return cls.exact(text)
        if isinstance(text, float):
            if not text.is_integer():
                raise RankError(_("“%(text)s” is not a whole position"), text=str(text))
            return cls.exact(int(text))
        raw = str(text)
        # NFKC turns full-width digits and compatibility characters into their plain forms.
        cleaned = unicodedata.normalize("NFKC", raw).strip()
        if cleaned.startswith("[") and cleaned.endswith("]"):
            cleaned = cleaned[1:-1].strip()
        cleaned = _THOUSANDS.sub("", cleaned)
        cleaned = re.sub(r"\s+", "", cleaned)
        if cleaned.endswith(".0") and cleaned[:-2].isdigit():  # 57.0 from a spreadsheet cell
            cleaned = cleaned[:-2]
        if not cleaned:
            raise RankError(_("the rank is blank"))
        if match := _EXACT.match(cleaned):
            return cls.exact(int(match[2]), tie=bool(match[1]))
        if match := _BAND.match(cleaned):
            low, high = int(match[1]), int(match[2])
            if high < low:
                raise RankError(_("“%(text)s”: the band's bounds are reversed"), text=raw.strip())
            return cls(low, high) if low != high else cls.exact(low)
        if match := _OPEN.match(cleaned):
            return cls(int(match[1]), None)
        raise RankError(
            _("“%(text)s” is not a rank (expected 57, =57, 101–200 or 1001+)"), text=raw.strip()
        )

    # --- properties --------------------------------------------------------
    @property
    def is_exact(self) -> bool:
        return self.high == self.low

    @property
    def is_band(self) -> bool:
        return not self.is_exact

    @property
    def is_open(self) -> bool:
        return self.high is None

    def within_top(self, n: int) -> bool:
        """True when every position this rank covers is at most n ("in the top 200")."""
        return self.high is not None and self.high <= n

    @property
    def sort_key(self) -> tuple[int, float]:
        return (self.low, float("inf") if self.high is None else self.high)

    # --- display and comparison --------------------------------------------
    def __str__(self) -> str:
        if self.is_exact:
            return f"={self.low}" if self.tie else str(self.low)
        if self.high is None:
            return f"{self.low}+"
        return f"{self.low}{EN_DASH}{self.high}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rank):
            return NotImplemented
        return self.sort_key == other.sort_key

    def __hash__(self) -> int:
        return hash(self.sort_key)

    def __lt__(self, other: Rank) -> bool:
        if not isinstance(other, Rank):
            return NotImplemented
        return self.sort_key < other.sort_key

    def is_better_than(self, other: Rank) -> bool:
        return self < other

    def is_worse_than(self, other: Rank) -> bool:
        return self > other


def movement(previous: Rank | None, current: Rank | None) -> Movement | None:
    """How a position changed between two editions; None when there is neither.

    Up or down only when every position of one is better than every position of the other.
    """
    if previous is None and current is None:
        return None
    if previous is None:
        return Movement.NEW
    if current is None:
        return Movement.LEFT
    # Overlapping positions (150 then 101–200) cannot be told apart: that is no movement.
    if current.high is not None and current.high < previous.low:
        return Movement.UP
    if previous.high is not None and previous.high < current.low:
        return Movement.DOWN
    return Movement.SAME
