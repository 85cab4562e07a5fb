"""What a sheet holds: its cells as Python values, whatever the file's format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal


class Formula(str):
    """A cell holding a formula: refused, since its value depends on the program computing it."""


Cell = str | int | float | Decimal | datetime | date | time | bool | None


@dataclass
class Sheet:
    format: str
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    delimiter: str | None = None  # a CSV's separator
