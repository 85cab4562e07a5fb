"""Properties over many generated inputs: rank spellings, export round trips, poisoned rows."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rankings.exporting import export_results, export_rows
from rankings.importing.service import Options, run_import
from rankings.models import Edition
from rankings.parsing.values import parse_rank
from rankings.ranks import Rank
from spreadsheets.writing import to_csv, to_ods, to_xlsx
from tests.reliability.checks import database_state

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))

ranks = st.one_of(
    st.integers(1, 3000).map(Rank.exact),
    st.integers(1, 3000).map(lambda n: Rank.exact(n, tie=True)),
    st.tuples(st.integers(1, 2000), st.integers(1, 1000)).map(lambda t: Rank(t[0], t[0] + t[1])),
    st.integers(1, 3000).map(lambda n: Rank(n, None)),
)


@st.composite
def spelled(draw, rank: Rank) -> str:
    """The rank as a person or a spreadsheet might type it."""

    def number(n: int) -> str:
        text = str(n)
        if n >= 1000 and draw(st.booleans()):
            separator = draw(st.sampled_from([" ", ",", "\u00a0", "\u202f"]))
            text = f"{text[:-3]}{separator}{text[-3:]}"
        return text

    if rank.is_exact:
        text = ("=" if rank.tie else "") + number(rank.low)
    elif rank.is_open:
        text = number(rank.low) + "+"
    else:
        gap = draw(st.sampled_from(["", " "]))
        text = f"{number(rank.low)}{gap}{draw(st.sampled_from(DASHES))}{gap}{number(rank.high)}"
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    if not rank.tie and draw(st.booleans()):
        text = f"[{text}]"
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", " "]))


@given(st.data(), ranks)
def test_every_spelling_of_a_rank_imports_as_that_rank_and_prints_back(data, rank):
    typed = data.draw(spelled(rank))

    parsed = parse_rank(typed)

    assert (parsed.low, parsed.high, parsed.tie) == (rank.low, rank.high, rank.tie)
    assert parse_rank(str(parsed)) == parsed
    assert str(Rank.parse(str(parsed))) == str(parsed)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_exporting_the_demo_and_importing_it_back_changes_no_table(demo, file_format):
    edition = Edition.objects.get(year=2021)
    before = database_state()

    report = run_import(export_results(edition, file_format), options=Options(year=2021))

    assert report.ok, report.errors
    assert (report.new, report.updated) == (0, 0)
    assert report.unchanged > 30
    assert database_state() == before


# One bad row, as its cells and the column its message must name.
POISONS = [
    (["IMT Mines Alès", "FR", "overall", "three hundred", "", ""], "rank"),
    (["IMT Mines Alès", "FR", "overall", "0", "", ""], "rank"),
    (["IMT Mines Alès", "FR", "overall", "400–301", "", ""], "rank"),
    (["IMT Mines Alès", "FR", "sdg18", "101–200", "", ""], "table"),
    (["IMT Mines Alès", "FR", "3.7", "101–200", "", ""], "table"),
    (["", "FR", "overall", "101–200", "", ""], "institution"),
    (["IMT Mines Alès", "Atlantis", "overall", "101–200", "", ""], "country"),
    (["IMT Mines Alès", "FR", "overall", "101–200", "100.1", ""], "score"),
    (["IMT Mines Alès", "FR", "overall", "101–200", "", "2–3"], "national_rank"),
]
WRITERS = {
    "csv": to_csv,
    "xlsx": lambda rows: to_xlsx(rows, title="Results"),
    "ods": lambda rows: to_ods(rows, title="Results"),
}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    poison=st.sampled_from(POISONS),
    file_format=st.sampled_from(sorted(WRITERS)),
    position=st.floats(0, 1),
    year=st.sampled_from([2021, 2022]),
)
def test_one_poisoned_row_anywhere_refuses_the_file_and_changes_no_table(
    demo, poison, file_format, position, year
):
    header, *rows = list(export_rows(Edition.objects.get(year=2021)))
    cells, column = poison
    at = round(position * len(rows))
    rows.insert(at, cells)
    before = database_state()

    report = run_import(WRITERS[file_format](iter([header, *rows])), options=Options(year=year))

    assert not report.written
    assert f"row {at + 2}: {column}: " in "\n".join(report.errors), report.errors
    assert database_state() == before
