"""Sentences put together as a press officer would: no two in a row open with the same word.

A language module may offer a sentence in several wordings (a tuple, preferred first); the
paragraph takes the first whose opening word differs from the previous sentence's. The same
rule, applied to finished text, counts what a reader would notice: "It is … It is …".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

Wordings = str | tuple[str, ...]

# A sentence ends at . ! or ? followed by a space; bands, decimals and "SDG 7" never do.
_SENTENCE_END = re.compile(r"(?<=[.!?])[ \u00a0\u202f]+(?=\S)")
_WORD = re.compile(r"[^\s\u00a0\u202f,;:()«»“”\"]+")


def first_word(sentence: str) -> str:
    """The opening word as a reader sees it: "L’école", "It", "IMT" (case ignored)."""
    match = _WORD.search(sentence)
    return match[0].casefold() if match else ""


def paragraph(sentences: Iterable[Wordings]) -> str:
    """The sentences joined, each in its first wording that opens differently from the
    previous sentence (the first wording when none does)."""
    chosen: list[str] = []
    for wordings in sentences:
        options = (wordings,) if isinstance(wordings, str) else wordings
        options = tuple(option for option in options if option)
        if not options:
            continue
        # A wording may hold two sentences: the next one must differ from the last of them.
        previous = first_word(sentences_of(chosen[-1])[-1]) if chosen else None
        chosen.append(next((o for o in options if first_word(o) != previous), options[0]))
    return " ".join(chosen)


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def repeated_openers(text: str) -> list[tuple[str, str]]:
    """Pairs of consecutive sentences of one paragraph opening with the same word."""
    found = []
    for block in text.split("\n"):
        sentences = sentences_of(block)
        for before, after in itertools.pairwise(sentences):
            if first_word(before) == first_word(after):
                found.append((before, after))
    return found
