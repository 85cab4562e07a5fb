"""Files as LibreOffice Calc saves them: each imports to exactly the rows its CSV gives.

`files/libreoffice/make_corpus.py` wrote each CSV and had Calc (headless) save it as XLSX, ODS
and XLS. Calc turned THE's ties (=64) into formulas and the open band (1001+) into a number.
"""

import pytest

from rankings.importing.service import Options, preview_import, run_import
from rankings.models import Result, SDGResult
from rankings.parsing.entries import parse_entries
from schools.models import School
from spreadsheets.reading import read_sheet
from tests.rankings.import_samples import FILES

CORPUS = FILES / "libreoffice"
SOURCES = ["long", "the_overall", "wide", "full_edition_wide"]
FORMATS = ["xlsx", "ods", "xls"]


def options(name: str) -> Options:
    return Options(year=2021, table="overall" if name == "the_overall" else None, filename=name)


def entries(path):
    table = 0 if path.stem == "the_overall" else None
    sheet = read_sheet(path.read_bytes(), filename=path.name)
    parsed = parse_entries(sheet, table=table)
    assert not parsed.errors, parsed.errors[:5]
    return [
        (e.row, e.name, e.country, e.table, str(e.rank), e.score, e.national_rank)
        for e in parsed.entries
    ]


def stored():
    results = Result.objects.values_list(
        "school__name",
        "school__country",
        "rank_low",
        "rank_high",
        "rank_tie",
        "score_low",
        "score_high",
        "national_rank",
    )
    sdg_results = SDGResult.objects.values_list(
        "result__school__name",
        "sdg_id",
        "rank_low",
        "rank_high",
        "rank_tie",
        "score_low",
    )
    return sorted(results), sorted(sdg_results)


@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize("name", SOURCES)
def test_a_file_saved_by_libreoffice_reads_as_its_csv(name, extension):
    assert entries(CORPUS / f"{name}.{extension}") == entries(CORPUS / f"{name}.csv")


@pytest.mark.django_db
@pytest.mark.parametrize("extension", FORMATS)
def test_a_full_edition_saved_by_libreoffice_imports_as_its_csv(extension):
    from_csv = run_import((CORPUS / "full_edition_wide.csv").read_bytes(), options=options("x"))
    assert from_csv.written, from_csv.errors[:5]
    expected = stored()
    Result.objects.all().delete()
    School.objects.all().delete()

    report = run_import(
        (CORPUS / f"full_edition_wide.{extension}").read_bytes(),
        options=options(f"full_edition_wide.{extension}"),
    )

    assert report.written, report.errors[:5]
    assert (report.new, report.skipped) == (from_csv.new, from_csv.skipped)
    assert stored() == expected
    assert len(expected[0]) == 1115


@pytest.mark.django_db
@pytest.mark.parametrize("extension", FORMATS)
def test_the_preview_says_formulas_were_read_as_ties_and_numbers_as_open_bands(extension):
    report = preview_import((CORPUS / f"long.{extension}").read_bytes(), options=options("long"))

    assert report.ok, report.errors
    assert report.file_format == extension.upper()
    ties = [note for note in report.notes if "tie notation" in note]
    bands = [note for note in report.notes if "open band" in note]
    assert ties == [
        "In the overall table, 2 ranks are formulas that are only “=” and a number (such as "
        "=1): a spreadsheet program saved THE's tie notation as formulas. They were read as "
        "ties.",
        "In the SDG 3 table, 4 ranks are formulas that are only “=” and a number (such as =1): "
        "a spreadsheet program saved THE's tie notation as formulas. They were read as ties.",
        "In the SDG 11 table, 2 ranks are formulas that are only “=” and a number (such as "
        "=2): a spreadsheet program saved THE's tie notation as formulas. They were read as "
        "ties.",
    ]
    assert bands[0] == (
        "In the overall table, 3 rows give the exact rank 12, right after the last band: no "
        "exact position follows a band in THE's tables, so they were read as the open band "
        "12+ (a spreadsheet program saves “12+” as the number 12)."
    )
    assert len(bands) == 3
    assert not report.warnings  # no "rank 10 without “=”": the rows are the open band


@pytest.mark.django_db
def test_the_csv_needs_no_such_note():
    report = preview_import((CORPUS / "long.csv").read_bytes(), options=options("long"))

    assert not [note for note in report.notes if "tie notation" in note or "open band" in note]


# The reading tests' workbooks, saved by Calc as .xls: read as the XLSX and ODS ones are.
def test_an_xls_name_merged_down_its_rows_names_each_and_hidden_rows_are_said():
    sheet = read_sheet((CORPUS / "merged_and_filtered.xls").read_bytes())

    assert [row[:3] for row in sheet.rows[1:4]] == [
        ["IMT Atlantique", "FR", "overall"],
        ["IMT Atlantique", "FR", "sdg7"],
        ["IMT Atlantique", "FR", "sdg9"],
    ]
    assert sheet.notes == [
        "2 cells were in merges down a column: each was read as holding the merged value.",
        "The sheet hides 1 row of data (a filter?): it was read too, as a CSV saved from the "
        "sheet would hold it.",
    ]


def test_an_xls_hidden_first_sheet_is_passed_over_unless_named():
    data = (CORPUS / "hidden_first_sheet.xls").read_bytes()

    assert read_sheet(data).rows == [["shown"]]
    assert read_sheet(data, sheet="Lists").rows == [["hidden"]]


def test_an_xls_score_shown_as_a_percentage_reads_as_the_percentage():
    rows = read_sheet((CORPUS / "percent_scores.xls").read_bytes()).rows

    assert [row[4] for row in rows[1:5]] == [85.6, 85.6, 100, 0.5]


@pytest.mark.django_db
def test_an_xls_rank_turned_into_a_date_is_explained():
    report = preview_import((CORPUS / "date_rank.xls").read_bytes(), options=options("x"))

    assert report.errors == [
        "row 2: rank: a date (2021-01-10 00:00:00); the spreadsheet turned it into a date, "
        "format the column as text"
    ]


@pytest.mark.django_db
def test_an_xls_file_is_held_to_the_row_limit(settings):
    settings.RESULTS_IMPORT_MAX_ROWS = 100

    report = preview_import((CORPUS / "wide.xls").read_bytes(), options=options("wide"))

    assert report.errors == []
    report = preview_import(
        (CORPUS / "full_edition_wide.xls").read_bytes(), options=options("full")
    )
    assert report.errors == ["The file has more than 100 rows, the limit."]


@pytest.mark.django_db
def test_other_formulas_are_refused_but_an_xls_file_holds_only_their_values_and_says_so():
    def preview(extension):
        data = (CORPUS / f"formula_score.{extension}").read_bytes()
        return preview_import(data, options=options("formula_score"))

    assert preview("xlsx").errors == ["row 2: score: a formula (=80+5); paste the values instead"]
    assert preview("ods").errors == ["row 2: score: a formula (of:=80+5); paste the values instead"]
    report = preview("xls")
    assert report.errors == []
    assert report.changes[0].new == "1, score 85.0, national 1"
    assert (
        "1 cell of this .xls file holds a formula: it was read as the value the spreadsheet "
        "program last computed." in report.notes
    )
