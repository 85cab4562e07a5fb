"""Numbers as the active language writes them: 1,115 or 1 115; 88.4 or 88,4."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def grouped(number: int | None) -> str:
    """A whole number with the active language's thousands separator, whatever the settings.

    USE_THOUSAND_SEPARATOR stays off: it would group years too ("2 021").
    """
    if number is None:
        return ""
    return number_format(number, force_grouping=True)


def score_text(low: Decimal | None, high: Decimal | None = None) -> str:
    """A score or a score range with one decimal: 88.4 or 88,4; 72.3–77.5."""
    if low is None:
        return ""
    text = number_format(low, decimal_pos=1)
    if high is None or high == low:
        return text
    return f"{text}–{number_format(high, decimal_pos=1)}"
