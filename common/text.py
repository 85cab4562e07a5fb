"""Text reduced for matching and searching, whatever the accents, case or punctuation."""

from __future__ import annotations

import unicodedata

# The length of the name_key columns that hold name_key().
NAME_KEY_LENGTH = 255


def name_key(name: str) -> str:
    """A name reduced for matching: no accents, case, punctuation or repeated spaces.

    "Mines Saint-Étienne", "MINES SAINT ETIENNE" and "Mines  Saint Etienne" share one key.
    At most NAME_KEY_LENGTH characters: casefold() and NFKD lengthen some names ("ß" gives
    "ss", "ﬁ" gives "fi"), and a 255-character name must still fit its key's column.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in bare.casefold())
    return " ".join(words.split())[:NAME_KEY_LENGTH].rstrip()


# Characters that reorder the text around them: embeddings, overrides (U+202E shows the rest
# of a line backwards) and isolates. A name or a paragraph never needs them, and on a public
# page or in a PDF they would make what a reader sees differ from what an editor typed.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def without_bidi_controls(text: str) -> str:
    return text.translate(_BIDI_CONTROLS)
