"""Text colours that stay readable on the UN's SDG colours (WCAG 2.2 contrast)."""

from __future__ import annotations

from functools import cache

BLACK, WHITE = "#000000", "#FFFFFF"


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@cache  # 17 colours, asked for on every badge of every page
def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with the background.

    Several UN colours are light (SDG 7's yellow): white text on them would fail AA.
    """
    if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE):
        return BLACK
    return WHITE
