"""Share cards: the 1200 x 630 PNG that X, LinkedIn and messaging apps show beside a link.

Knows no domain: a title, a headline and a footer in, PNG bytes out. Drawn with Pillow in
DejaVu Sans (the Debian package fonts-dejavu-core), or Pillow's own font where it is missing.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630  # what Open Graph and X's large summary card expect
MARGIN = 72
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Colours:
    background: str = "#0b2a4a"
    text: str = "#ffffff"
    accent: str = "#f2a900"


@cache
def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    """The text in lines that fit `width` pixels, at most `max_lines` (the last one cut
    with an ellipsis)."""
    for chars in range(60, 10, -2):
        lines = textwrap.wrap(text, chars)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            break
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip(" ,.;:") + "…"]
    return lines


DEFAULT_COLOURS = Colours()


def render_card(
    *, title: str, headline: str, footer: str = "", colours: Colours = DEFAULT_COLOURS
) -> bytes:
    """A PNG: the title small at the top, the headline large, the footer (the site, the
    edition) at the bottom above an accent band."""
    image = Image.new("RGB", (WIDTH, HEIGHT), colours.background)
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    y = MARGIN
    small, large = _font(34), _font(60, bold=True)
    for line in _wrapped(draw, title, small, width, 2):
        draw.text((MARGIN, y), line, font=small, fill=colours.accent)
        y += 46
    y += 30
    for line in _wrapped(draw, headline, large, width, 5):
        draw.text((MARGIN, y), line, font=large, fill=colours.text)
        y += 74
    if footer:
        draw.text((MARGIN, HEIGHT - MARGIN - 50), footer, font=_font(30), fill=colours.text)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=colours.accent)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
