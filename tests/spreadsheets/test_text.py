"""A cell as the text a person reads: the same text whether it is plain ASCII or not."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.text import without_bidi_controls
from spreadsheets.cells import Formula
from spreadsheets.resources import cell_text
from spreadsheets.text import CellError, plain_text

# What plain_text does to any text, written out in full: the edge spaces `\s` matches (and
# the invisible ones), no-break spaces as spaces, no bidi controls.
EDGES = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


def spelled_out(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]
    return without_bidi_controls(EDGES.sub("", text).replace("\u00a0", " "))


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_cells_read_as_the_full_rules_read_them(text):
    assert plain_text(text) == spelled_out(text)


@given(st.text(alphabet=st.sampled_from(" a'=\t\r\x1c\u00a0\u200b\u202e\u2066é")))
def test_cells_with_invisible_or_bidi_characters_read_as_the_full_rules_read_them(text):
    assert plain_text(text) == spelled_out(text)


def test_a_formula_is_refused_though_its_text_would_be_plain():
    assert cell_text("=SUM(A1)") == "=SUM(A1)"  # a CSV cell typed so
    with pytest.raises(CellError, match=re.escape("a formula (=SUM(A1))")):
        cell_text(Formula("=SUM(A1)"))
