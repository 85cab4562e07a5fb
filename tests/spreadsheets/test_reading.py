"""Reading spreadsheets (`spreadsheets`): formats by content, sheets, limits, formulas.

Most go through the import's preview, as data staff meet them.
"""

import io
import zipfile

import pytest

from rankings.importing.service import Options, preview_import
from spreadsheets.messages import ImportFileError
from spreadsheets.reading import read_sheet
from tests.rankings.import_samples import sample

pytestmark = pytest.mark.django_db


def options(**kwargs):
    return Options(**{"year": 2021, **kwargs})


def test_formats_are_recognised_by_content_not_by_name():
    sheet = read_sheet(sample("long.xlsx"), filename="results.csv")

    assert sheet.format == "XLSX"
    assert "named .csv but holds XLSX" in sheet.notes[0]


def test_windows_1252_csv_is_decoded_and_the_preview_says_so():
    report = preview_import(sample("long_cp1252.csv"), options=options())

    assert report.ok, report.errors
    assert any("Windows-1252" in note for note in report.notes)
    assert "Mines Saint-Étienne (FR)" in report.new_institutions
    assert "Institut Mines-Télécom Business School (FR)" in report.new_institutions


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused():
    report = preview_import(b"institution,country\n" + b"\x81\x8d\x8f", options=options())

    assert report.errors == [
        "The file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8” and try again."
    ]


def test_xlsx_reads_the_first_sheet_even_when_another_is_active():
    sheet = read_sheet(sample("the_overall.xlsx"))

    assert sheet.rows[0] == ["Rank", "Name", "Country/Region", "Score"]


@pytest.mark.parametrize("name", ["the_overall.xlsx", "the_overall.ods"])
def test_a_named_sheet_is_read_and_a_missing_one_is_named_in_the_error(name):
    assert read_sheet(sample(name), sheet="Notes").rows[0] == ["Read me"]
    with pytest.raises(
        ImportFileError, match="There is no sheet “Nope”; the sheets are: Overall, Notes"
    ):
        read_sheet(sample(name), sheet="Nope")


@pytest.mark.parametrize("name", ["formula.xlsx", "formula.ods"])
def test_formula_cells_are_refused(name):
    report = preview_import(sample(name), options=options())

    assert len(report.errors) == 1
    assert report.errors[0].startswith("row 3: rank: a formula (")
    assert report.errors[0].endswith("paste the values instead")


def test_an_upload_over_the_size_limit_is_refused(settings):
    settings.RESULTS_IMPORT_MAX_UPLOAD_BYTES = 100

    report = preview_import(sample("long.csv"), options=options())

    assert report.errors == ["The file is 0.0 MB; the limit is 0.0 MB."]


def test_too_many_rows_columns_or_characters_are_refused(settings):
    settings.RESULTS_IMPORT_MAX_ROWS = 5
    settings.RESULTS_IMPORT_MAX_COLUMNS = 4
    settings.RESULTS_IMPORT_MAX_CELL_CHARS = 20

    assert preview_import(sample("long.csv"), options=options()).errors == [
        "row 1: 6 columns; the limit is 4."
    ]
    settings.RESULTS_IMPORT_MAX_COLUMNS = 10
    assert preview_import(sample("long.ods"), options=options()).errors == [
        "The file has more than 5 rows, the limit."
    ]
    settings.RESULTS_IMPORT_MAX_ROWS = 100
    assert preview_import(sample("long.csv"), options=options()).errors == [
        "row 12: a cell holds 38 characters; the limit is 20."
    ]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<row/>" * 2_000_000)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    report = preview_import(_zip_bomb(), options=options())

    assert len(report.errors) == 1
    assert "it looks like a zip bomb and was not opened" in report.errors[0]


def test_a_spreadsheet_that_unpacks_past_the_limit_is_refused(settings):
    settings.RESULTS_IMPORT_MAX_UNCOMPRESSED_BYTES = 1000

    report = preview_import(sample("long.xlsx"), options=options())

    assert report.errors[0].startswith("The spreadsheet unpacks to")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "The .xls file cannot be read"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "This is not a spreadsheet file"),
        (b"PK\x03\x04garbage", "The file looks like a spreadsheet but is damaged."),
    ],
)
def test_files_that_are_not_spreadsheets_get_a_clear_message(data, message):
    report = preview_import(data, options=options())

    assert report.errors[0].startswith(message)


def test_blank_and_missing_xlsx_rows_keep_spreadsheet_row_numbers():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["institution", "country", "table", "rank"])
    book.active.append(["A", "FR", "overall", 5])
    book.active["A5"] = "B"  # rows 3 and 4 are not in the file at all
    book.active["B5"] = "Atlantis"
    book.active["C5"] = "overall"
    book.active["D5"] = "6"

    report = preview_import(_xlsx(book), options=options())

    assert report.errors == [
        "row 5: country: unknown country “Atlantis” (use an ISO code such as FR, or its English name)"
    ]
    assert report.skipped == 2


_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods(tables: str, styles: str = "") -> bytes:
    """An ODS file of these <table:table> elements, and automatic styles."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NAMESPACES}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def _xlsx(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ods_with_hidden_first_sheet() -> bytes:
    def table(name: str, style: str, text: str) -> str:
        return (
            f'<table:table table:name="{name}" table:style-name="{style}"><table:table-row>'
            f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
            "</table:table-cell></table:table-row></table:table>"
        )

    styles = (
        '<style:style style:name="ta1" style:family="table">'
        '<style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="ta2" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>'
    )
    return _ods(table("Lists", "ta2", "hidden") + table("Results", "ta1", "shown"), styles)


def _xlsx_with_hidden_first_sheet() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    lists = book.active
    lists.title, lists.sheet_state = "Lists", "hidden"
    lists.append(["hidden"])
    results = book.create_sheet("Results")
    results.append(["shown"])
    book.active = 1
    return _xlsx(book)


@pytest.mark.parametrize("build", [_xlsx_with_hidden_first_sheet, _ods_with_hidden_first_sheet])
def test_a_hidden_first_sheet_is_passed_over_unless_named(build):
    """A lookup list or a template's workings, hidden, is not the table anyone means."""
    data = build()

    sheet = read_sheet(data)

    assert sheet.rows == [["shown"]]
    assert sheet.notes == ["Sheet “Results” was read."]
    assert read_sheet(data, sheet="Lists").rows == [["hidden"]]


def test_formatted_empty_xlsx_cells_past_the_column_limit_are_not_columns():
    """Excel writes a cell for every formatted one: a fill across the header row is not data."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    book.active.append(["institution", "country", "table", "rank"])
    book.active.append(["IMT Atlantique", "FR", "overall", "101–200"])
    for column in range(1, 100):
        book.active.cell(row=1, column=column).fill = PatternFill("solid", fgColor="FFFF00")

    sheet = read_sheet(_xlsx(book))

    assert sheet.rows == [
        ["institution", "country", "table", "rank"],
        ["IMT Atlantique", "FR", "overall", "101–200"],
    ]


def _xlsx_merged_and_filtered() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["institution", "country", "table", "rank"])
    sheet.append(["IMT Atlantique", "FR", "overall", "101–200"])
    sheet.append([None, "FR", "sdg7", "57"])
    sheet.append([None, "FR", "sdg9", "83"])
    sheet.append(["University of Manchester", "GB", "overall", "1"])
    sheet.merge_cells("A2:A4")
    sheet.row_dimensions[5].hidden = True  # filtered out: still read
    return _xlsx(book)


def _ods_merged_and_filtered() -> bytes:
    def cell(text: str, spanned: int = 1) -> str:
        span = f' table:number-rows-spanned="{spanned}"' if spanned > 1 else ""
        return (
            f'<table:table-cell office:value-type="string"{span}><text:p>{text}</text:p>'
            "</table:table-cell>"
        )

    def row(*cells: str, visibility: str = "") -> str:
        shown = f' table:visibility="{visibility}"' if visibility else ""
        return f"<table:table-row{shown}>{''.join(cells)}</table:table-row>"

    covered = "<table:covered-table-cell/>"
    return _ods(
        '<table:table table:name="Results">'
        + row(cell("institution"), cell("country"), cell("table"), cell("rank"))
        + row(cell("IMT Atlantique", 3), cell("FR"), cell("overall"), cell("101–200"))
        + row(covered, cell("FR"), cell("sdg7"), cell("=57"))
        + row(covered, cell("FR"), cell("sdg9"), cell("83"))
        + row(
            cell("University of Manchester"),
            cell("GB"),
            cell("overall"),
            cell("1"),
            visibility="filter",
        )
        + "</table:table>"
    )


@pytest.mark.parametrize("build", [_xlsx_merged_and_filtered, _ods_merged_and_filtered])
def test_a_name_merged_down_its_rows_names_each_and_hidden_rows_are_read_and_said(build):
    """A hand-made long layout merges an institution's name over its rows; a filter hides
    rows, which a CSV saved from the same sheet would hold: both read as the person sees
    the data, and the preview says so."""
    report = preview_import(build(), options=options())

    assert report.ok, report.errors
    assert [(c.row, c.institution, c.table) for c in report.changes] == [
        (2, "IMT Atlantique", "overall"),
        (3, "IMT Atlantique", "SDG 7"),
        (4, "IMT Atlantique", "SDG 9"),
        (5, "University of Manchester", "overall"),
    ]
    assert "2 cells were in merges down a column: each was read as holding the merged value." in (
        report.notes
    )
    assert (
        "The sheet hides 1 row of data (a filter?): it was read too, as a CSV saved from the "
        "sheet would hold it." in report.notes
    )


def test_merges_are_bounded_work_even_when_a_file_overlaps_or_piles_them(settings):
    """Merges come from the file: overlapping ones (which Excel never writes) fill no cell
    twice, and a pile of them is refused like too many rows, not worked through."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["institution", "country", "table", "rank"])
    sheet.append(["IMT Atlantique", "FR", "overall", "101–200"])
    for table in ("sdg7", "sdg9", "sdg11"):
        sheet.append([None, "FR", table, "83"])
    sheet.merge_cells("A2:A4")
    sheet.merged_cells.add("A3:A5")  # overlaps the first: ignored
    data = _xlsx(book)

    rows = read_sheet(data).rows

    assert [row[0] for row in rows[1:]] == ["IMT Atlantique"] * 3 + [None]

    for top in range(20, 40, 2):
        sheet.merge_cells(f"F{top}:F{top + 1}")
    settings.RESULTS_IMPORT_MAX_ROWS = 10  # the limit on merges too
    with pytest.raises(ImportFileError, match="merges more than 10 cell ranges"):
        read_sheet(_xlsx(book))


def _xlsx_percent_scores() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Institution", "Country", "Table", "Rank", "Score"])
    cells = [(0.856, "0.0%"), (0.85599999999999998, "0%"), (1, "0%"), (0.5, '"%"0.0')]
    for number, (value, code) in enumerate(cells, start=1):
        sheet.append([f"University {number}", "FR", "overall", str(number), value])
        sheet.cell(row=number + 1, column=5).number_format = code
    return _xlsx(book)


def _ods_percent_scores() -> bytes:
    def row(*cells: str) -> str:
        return f"<table:table-row>{''.join(cells)}</table:table-row>"

    def text(value: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    def percent(value: str, shown: str) -> str:
        return (
            f'<table:table-cell office:value-type="percentage" office:value="{value}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )

    header = row(*(text(name) for name in ["Institution", "Country", "Table", "Rank", "Score"]))
    cells = [("0.856", "85.6%"), ("0.85599999999999998", "86%"), ("1", "100%")]
    rows = "".join(
        row(
            text(f"University {number}"),
            text("FR"),
            text("overall"),
            text(str(number)),
            percent(value, shown),
        )
        for number, (value, shown) in enumerate(cells, start=1)
    )
    return _ods(f'<table:table table:name="Results">{header}{rows}</table:table>')


@pytest.mark.parametrize("build", [_xlsx_percent_scores, _ods_percent_scores])
def test_a_score_shown_as_a_percentage_reads_as_the_percentage(build):
    # 85.6% is held as 0.856: the score is what the editor sees, not the fraction behind it.
    # A "%" that is quoted text in the format is no percentage.
    rows = read_sheet(build()).rows
    assert [row[4] for row in rows[1:4]] == [85.6, 85.6, 100]
    if build is _xlsx_percent_scores:
        assert rows[4][4] == 0.5
    report = preview_import(build(), options=Options(year=2021))
    assert report.errors == []
    assert [change.new for change in report.changes[:3]] == [
        "1, score 85.6, national 1",
        "2, score 85.6, national 2",
        "3, score 100.0, national 3",
    ]


def test_a_percentage_typed_in_a_csv_score_is_read_as_the_score():
    data = (
        "Institution,Country,Table,Rank,Score\n"
        "University 1,FR,overall,1,85.6%\n"
        "University 2,FR,overall,2,80.1% – 85.0 %\n"
        "University 3,FR,overall,3,101%\n"
    ).encode()
    report = preview_import(data, options=Options(year=2021))
    assert report.errors == ["row 4: Score: 101% is not a score between 0 and 100"]
