"""Writes the sample spreadsheets beside this file; run it only to change them.

The files are committed: tests read them as data staff would hand them over. The ODS files are
written the way LibreOffice writes them (repeated columns and rows, <text:s/> spaces, a million
trailing empty rows), which is what broke django-import-export's ODS reading.
"""

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent

# IMT's 2021 results as the reference press release states them (SDG positions illustrative).
LONG = [
    ["IMT Atlantique", "FR", "overall", "101–200", "79.5–85.0", "1"],
    ["IMT Atlantique", "FR", "SDG 7", "=57", "88.1", ""],
    ["IMT Atlantique", "FR", "sdg9", "83", "", ""],
    ["IMT Atlantique", "FR", "11", "101-200", "", ""],
    ["IMT Mines Alès", "France", "overall", "301–400", "", ""],
    ["IMT Mines Alès", "France", "SDG 6", "101–200", "", ""],
    ["IMT Mines Alès", "France", "SDG 12", "[201 – 300]", "", ""],
    ["Mines Saint-Étienne", "FR", "overall", "401–600", "", ""],
    ["Mines Saint-Étienne", "FR", "SDG 11", "101–200", "", ""],
    ["Mines Saint-Étienne", "FR", "SDG 12", "101–200", "", ""],
    ["Institut Mines-Télécom Business School", "FR", "overall", "601–800", "", ""],
    ["Institut Mines-Télécom Business School", "FR", "SDG 10", "101–200", "", ""],
    ["University of Manchester", "United Kingdom", "overall", "1", "97.2", ""],
    ["Western Sydney University", "AUS", "overall", "2", "", ""],
]
LONG_HEADER = ["institution", "country", "table", "rank", "score", "national_rank"]

WIDE_HEADER = ["University", "Country/Region", "Overall", "SDG 1", "SDG 7", "SDG 11", "sdg12"]
WIDE = [
    ["IMT Atlantique", "France", "101–200", "", "=57", "101–200", ""],
    ["IMT Mines Alès", "FR", "301–400", "201–300", "", "", "201–300"],
    ["Mines Saint-Étienne", "FR", "401–600", "", "", "101–200", "101–200"],
    ["Télécom SudParis", "FR", "", "301–400", "", "", ""],
]

THE_HEADER = ["Rank", "Name", "Country/Region", "Score"]
THE_OVERALL = [
    ["1", "University of Auckland", "New Zealand", "98.8"],
    ["2", "University of Sydney", "Australia", "97.9"],
    ["3", "Western Sydney University", "Australia", "97.3"],
    ["=4", "La Trobe University", "Australia", "96.6"],
    ["=4", "RMIT University", "Australia", "96.6"],
    ["6", "University of Manchester", "United Kingdom", "96.0"],
    ["7–10", "IMT Atlantique", "France", "85.0–95.9"],
    ["7–10", "Université de Bordeaux", "France", "85.0–95.9"],
    ["7–10", "Saint Petersburg State University", "Russian Federation", "85.0–95.9"],
    ["7–10", "Hong Kong Polytechnic University", "Hong Kong", "85.0–95.9"],
]

BAD_HEADER = LONG_HEADER
BAD = [
    ["IMT Atlantique", "FR", "overall", "101–200", "", ""],  # row 2: fine
    ["IMT Mines Alès", "FR", "overall", "three hundred", "", ""],  # row 3: rank
    ["Mines Saint-Étienne", "FR", "SDG 18", "101–200", "", ""],  # row 4: table
    ["", "FR", "overall", "401–600", "", ""],  # row 5: blank name
    ["Université de Nulle Part", "Atlantis", "overall", "601–800", "", ""],  # row 6: country
    ["IMT Atlantique", "France", "overall", "201–300", "", ""],  # row 7: duplicate of row 2
]


def write_csv(name, header, rows, *, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    (HERE / name).write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(name, sheets, *, active=0, formula_at=None):
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append([_typed(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # typed as '=57 in Excel: text, not a formula
    if formula_at:
        book.worksheets[0][formula_at] = '=CONCATENATE("101","–","200")'
    book.active = active
    book.save(HERE / name)


def _typed(value):
    # A spreadsheet stores plain positions and scores as numbers, bands as text.
    if value.isdigit():
        return int(value)
    try:
        return float(value)
    except ValueError:
        return value or None


def _ods_cell(value, formula=None):
    if formula:
        return (
            f'<table:table-cell table:formula="{formula}" office:value-type="string" '
            'office:string-value="101–200"><text:p>101–200</text:p></table:table-cell>'
        )
    if value == "":
        return "<table:table-cell/>"
    typed = _typed(value)
    if isinstance(typed, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{typed}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = value.replace("  ", " <text:s/>")
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def write_ods(name, sheets, *, formula_at=None):
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = []
    for title, header, rows in sheets:
        body.append(f'<table:table table:name="{title}">')
        body.append('<table:table-column table:number-columns-repeated="1024"/>')
        for number, row in enumerate([header, *rows], start=1):
            cells = []
            for column, value in enumerate(row):
                at = (number, column)
                cells.append(_ods_cell(value, "of:=A1" if formula_at == at else None))
            body.append(
                "<table:table-row>"
                + "".join(cells)
                + '<table:table-cell table:number-columns-repeated="1017"/></table:table-row>'
            )
        body.append(
            '<table:table-row table:number-rows-repeated="1048500">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        body.append("</table:table>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        + "".join(body)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)


def main():
    write_csv("long.csv", LONG_HEADER, LONG)
    write_csv(
        "long_semicolon_bom.csv",
        [
            " Institution\u00a0",
            "COUNTRY / REGION",
            "Table",
            "Overall Rank",
            "Score",
            "National rank",
        ],
        LONG,
        delimiter=";",
        encoding="utf-8-sig",
    )
    write_csv("long_cp1252.csv", LONG_HEADER, LONG[4:11], delimiter=";", encoding="cp1252")
    write_csv("long_tab.txt", LONG_HEADER, LONG, delimiter="\t")
    write_xlsx("long.xlsx", [("Results", LONG_HEADER, LONG)])
    write_ods("long.ods", [("Results", LONG_HEADER, LONG)])
    write_csv("wide.csv", WIDE_HEADER, WIDE)
    write_xlsx("wide.xlsx", [("Wide", WIDE_HEADER, WIDE)])
    write_ods("wide.ods", [("Wide", WIDE_HEADER, WIDE)])
    write_csv("the_overall.csv", THE_HEADER, THE_OVERALL)
    # The second sheet is the active one: the first sheet must still be the one read.
    notes = ("Notes", ["Read me"], [["Downloaded from THE"]])
    write_xlsx("the_overall.xlsx", [("Overall", THE_HEADER, THE_OVERALL), notes], active=1)
    write_ods("the_overall.ods", [("Overall", THE_HEADER, THE_OVERALL), notes])
    write_csv("bad_rows.csv", BAD_HEADER, BAD)
    write_xlsx("formula.xlsx", [("Results", LONG_HEADER, LONG[:3])], formula_at="D3")
    write_ods("formula.ods", [("Results", LONG_HEADER, LONG[:3])], formula_at=(3, 3))


if __name__ == "__main__":
    main()
