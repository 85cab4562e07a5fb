"""Export in the long layout: text cells, formula escaping, and re-import changes nothing."""

import io
import string
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from common.text import name_key
from rankings.exporting import export_results, export_rows
from rankings.importing.service import Options, run_import
from rankings.ranks import Rank
from schools.models import School
from spreadsheets.reading import read_sheet
from tests.factories import EditionFactory, ResultFactory, SchoolFactory, SDGResultFactory
from tests.rankings.import_samples import tables_checksum

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = EditionFactory(year=2021)
    tie = ResultFactory(
        edition=edition, school=SchoolFactory(name="=Tie University", country="GB"), rank="=57"
    )
    SDGResultFactory(result=tie, sdg_id=3, rank="1001+", national_rank=4)
    ResultFactory(
        edition=edition,
        school=SchoolFactory(name="IMT Atlantique", country="FR", category="engineering"),
        rank="101-200",
        score_low=Decimal("79.5"),
        score_high=Decimal("85.0"),
        national_rank=1,
    )
    dash = ResultFactory(
        edition=edition, school=SchoolFactory(name="-Dash @ Institute", country="US"), rank=None
    )
    SDGResultFactory(result=dash, sdg_id=17, rank="201-300")
    return edition


def test_the_long_layout_lists_overall_then_each_sdg_table_by_rank(
    edition, django_assert_num_queries
):
    with django_assert_num_queries(2):
        rows = list(export_rows(edition))

    assert rows == [
        ["institution", "country", "table", "rank", "score", "national_rank", "category"],
        ["=Tie University", "GB", "overall", "=57", "", "", ""],
        ["IMT Atlantique", "FR", "overall", "101–200", "79.5–85.0", "1", "engineering"],
        ["=Tie University", "GB", "sdg3", "1001+", "", "4", ""],
        ["-Dash @ Institute", "US", "sdg17", "201–300", "", "", ""],
    ]


def test_csv_cells_that_would_run_as_formulas_get_an_apostrophe(edition):
    text = export_results(edition, "csv").decode("utf-8")

    assert text.startswith("\ufeffinstitution,country,table,rank,score,national_rank,category\r\n")
    assert "'=Tie University,GB,overall,'=57,," in text
    assert "'-Dash @ Institute,US," in text


def test_xlsx_cells_are_text_never_formulas(edition):
    book = load_workbook(io.BytesIO(export_results(edition, "xlsx")))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value]

    assert {cell.data_type for cell in cells} == {"s"}
    assert "=57" in [cell.value for cell in cells]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_reimporting_an_export_reports_every_row_unchanged(edition, file_format):
    data = export_results(edition, file_format)
    before = tables_checksum()

    report = run_import(data, options=Options(year=2021))

    assert report.ok, report.errors
    assert report.file_format == file_format.upper()
    assert (report.new, report.updated, report.unchanged) == (0, 0, 4)
    assert tables_checksum() == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_reimporting_an_export_keeps_the_categories(edition, file_format):
    data = export_results(edition, file_format)

    report = run_import(data, options=Options(year=2021))

    assert report.ok, report.errors
    assert dict(School.objects.values_list("name", "category")) == {
        "=Tie University": "",
        "IMT Atlantique": "engineering",
        "-Dash @ Institute": "",
    }


def test_an_ods_export_reads_back_cell_for_cell(edition):
    rows = read_sheet(export_results(edition, "ods")).rows

    assert [[cell or "" for cell in row] + [""] * (7 - len(row)) for row in rows] == list(
        export_rows(edition)
    )


names = (
    st.text(
        alphabet=string.ascii_letters + "éèçÉ '-=+@&.,;\"" + "\u00a0",
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: any(c.isalnum() for c in s))
)
ranks = st.one_of(
    st.integers(1, 2000).map(Rank.exact),
    st.integers(1, 2000).map(lambda n: Rank.exact(n, tie=True)),
    st.tuples(st.integers(1, 1000), st.integers(0, 1000)).map(
        lambda t: Rank.band(t[0], t[0] + t[1] + 1)
    ),
    st.integers(1, 2000).map(lambda n: Rank.band(n, None)),
)
scores = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1))
entries = st.lists(
    st.tuples(names, st.sampled_from(["FR", "GB", "US", "HK"]), ranks, scores, st.integers(0, 17)),
    min_size=1,
    max_size=8,
    unique_by=lambda e: (name_key(e[0]), e[1]),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=entries, file_format=st.sampled_from(["csv", "xlsx", "ods"]))
def test_export_then_import_round_trips_unchanged(entries, file_format):
    with transaction.atomic():
        edition = EditionFactory(year=2021)
        for n, (name, country, rank, score, sdg) in enumerate(entries):
            school = SchoolFactory(name=name, country=country, slug=f"s{n}")
            result = ResultFactory(edition=edition, school=school, rank=rank, score_low=score)
            if sdg:
                SDGResultFactory(result=result, sdg_id=sdg, rank=rank)
        before = tables_checksum()

        report = run_import(export_results(edition, file_format), options=Options(year=2021))

        assert report.ok, report.errors
        assert (report.new, report.updated) == (0, 0)
        assert report.unchanged == len(entries) + sum(1 for e in entries if e[4])
        assert tables_checksum() == before
        transaction.set_rollback(True)
