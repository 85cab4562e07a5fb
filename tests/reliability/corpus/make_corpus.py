"""Writes the small corpus files beside this file; run it only to change them.

The files are committed so that anyone can open the exact bytes a test feeds the import.
Big or dangerous inputs (a million rows, 50 MB, zip and XML bombs) are built at test time by
`tests/reliability/hostile.py` instead. `tests/reliability/manifest.py` says what each file
must do.
"""

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADER = ["institution", "country", "table", "rank", "score", "national_rank"]
GOOD = [
    ["IMT Atlantique", "FR", "overall", "101–200", "79.5–85.0", "1"],
    ["IMT Atlantique", "FR", "SDG 7", "=57", "88.1", ""],
    ["Mines Saint-Étienne", "FR", "overall", "401–600", "", ""],
    ["Mines Saint-Étienne", "FR", "11", "101-200", "", ""],
]


def csv_text(rows, delimiter=",", lineterminator="\r\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return buffer.getvalue()


def write(name: str, data: bytes | str) -> None:
    (HERE / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def long_with(*rows) -> str:
    return csv_text([HEADER, *GOOD, *rows])


class Formula(str):
    """A cell to write as a formula; every other string is written as text, "=57" included."""


def xlsx(sheets: dict[str, list[list]], active: int = 0) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, str) and not isinstance(value, Formula):
                    cell.data_type = "s"
    book.active = active
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(rows: list[list[str]]) -> bytes:
    from spreadsheets.writing import to_ods

    return to_ods(iter(rows), title="Results")


def main() -> None:
    # Encodings and separators
    write("utf8_bom.csv", "\ufeff" + csv_text([HEADER, *GOOD]))
    write("semicolon.csv", csv_text([HEADER, *GOOD], delimiter=";"))
    write("cp1252.csv", csv_text([HEADER, *GOOD], delimiter=";").replace("–", "-").encode("cp1252"))
    write("utf16_tab.txt", csv_text([HEADER, *GOOD], delimiter="\t").encode("utf-16"))
    write("lf_line_endings.csv", csv_text([HEADER, *GOOD], lineterminator="\n"))
    write("tab_separated.tsv", csv_text([HEADER, *GOOD], delimiter="\t"))
    # Header spellings
    write(
        "header_case_spaces.csv",
        csv_text(
            [["  INSTITUTION ", "Country ", " TABLE", "Rank  ", "score", "National  Rank"], *GOOD]
        ),
    )
    write(
        "header_nbsp.csv",
        csv_text(
            [
                [
                    "Institution\u00a0name",
                    "Country\u00a0/\u00a0Region",
                    "Table",
                    "Rank",
                    "Score",
                    "National\u00a0rank",
                ],
                *GOOD,
            ]
        ),
    )
    write(
        "header_decomposed_accents.csv",
        csv_text(
            [["E\u0301tablissement", "Pays", "Tableau", "Rang", "Score", "Rang national"], *GOOD]
        ),
    )
    write(
        "header_aliases.csv",
        csv_text(
            [
                [
                    "University",
                    "Country/Region",
                    "Goal",
                    "Position",
                    "Overall score",
                    "Rank in country",
                ],
                *GOOD,
            ]
        ),
    )
    write("header_missing_rank.csv", csv_text([HEADER[:3], *[row[:3] for row in GOOD]]))
    write(
        "header_duplicate_column.csv",
        csv_text([[*HEADER, "Name"], *[[*row, row[0]] for row in GOOD]]),
    )
    # Container formats
    write(
        "active_sheet_second.xlsx",
        xlsx(
            {"Results": [HEADER, *GOOD], "Notes": [["written by hand"], ["nothing here"]]}, active=1
        ),
    )
    write("named_sheet.xlsx", xlsx({"Cover": [["Impact 2022"]], "Results": [HEADER, *GOOD]}))
    write("results.ods", ods([HEADER, *GOOD]))
    write("csv_named_xlsx.xlsx", csv_text([HEADER, *GOOD]))
    write("xlsx_named_csv.csv", xlsx({"Results": [HEADER, *GOOD]}))
    write(
        "page.html",
        "<!doctype html><html><body><table><tr><td>institution</td></tr></table></body></html>\n",
    )
    write(
        "document_named_csv.csv",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nstream\n\x00\x01\x02\xff\xfe binary\nendstream\n%%EOF\n",
    )
    write("old_excel.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    write("truncated.xlsx", xlsx({"Results": [HEADER, *GOOD]})[:700])
    write("empty.csv", b"")
    write("header_only.csv", csv_text([HEADER]))
    write(
        "blank_rows_between.csv",
        csv_text(
            [
                HEADER,
                GOOD[0],
                ["", "", "", "", "", ""],
                [],
                GOOD[1],
                [" ", "", "", "", "", ""],
                *GOOD[2:],
            ]
        ),
    )
    # Numbers and cells
    write(
        "huge_exponent_score.csv",
        long_with(["IMT Mines Alès", "FR", "overall", "301–400", "1e1000000", ""]),
    )
    write(
        "huge_exponent_rank.csv",
        long_with(["IMT Mines Alès", "FR", "overall", "1e1000000", "", ""]),
    )
    write(
        "decimal_comma_score.csv",
        csv_text(
            [HEADER, *GOOD, ["IMT Mines Alès", "FR", "overall", "301–400", "85,3", ""]],
            delimiter=";",
        ),
    )
    write(
        "score_too_precise.csv",
        long_with(["IMT Mines Alès", "FR", "overall", "301–400", "85.25", ""]),
    )
    # Tables (SDG numbers)
    write("sdg_0.csv", long_with(["IMT Mines Alès", "FR", "0", "101–200", "", ""]))
    write("sdg_18.csv", long_with(["IMT Mines Alès", "FR", "SDG 18", "101–200", "", ""]))
    write("sdg_target_3_7.csv", long_with(["IMT Mines Alès", "FR", "3.7", "101–200", "", ""]))
    write(
        "sdg_spelled.csv",
        long_with(
            ["IMT Mines Alès", "FR", "SDG 3", "101–200", "", ""],
            ["IMT Mines Alès", "FR", "sdg04", "201–300", "", ""],
            ["IMT Mines Alès", "FR", "Goal 5: Gender equality", "201–300", "", ""],
        ),
    )
    write(
        "full_width_digits.csv",
        long_with(
            [
                "IMT Mines Alès",
                "FR",
                "\uff33\uff24\uff27 \uff11\uff11",
                "\uff11\uff10\uff11–\uff12\uff10\uff10",
                "",
                "",
            ],
            ["IMT Mines Alès", "FR", "overall", "\uff13\uff10\uff11–\uff14\uff10\uff10", "", ""],
        ),
    )
    write(
        "wide_sdg_18_column.csv",
        csv_text(
            [
                ["University", "Country", "Overall", "SDG 11", "SDG 18"],
                ["IMT Atlantique", "FR", "101–200", "101–200", "1"],
            ]
        ),
    )
    write(
        "the_table_without_table_option.csv",
        csv_text([["Rank", "Name", "Country/Region"], ["1", "IMT Atlantique", "France"]]),
    )
    # Ranks and bands
    write(
        "band_spellings.csv",
        long_with(
            ["IMT Mines Alès", "FR", "overall", "301–400", "", ""],
            ["IMT Mines Alès", "FR", "SDG 6", "101—200", "", ""],
            ["IMT Mines Alès", "FR", "SDG 12", "201−300", "", ""],
            ["IMT Mines Alès", "FR", "SDG 13", "[201 \u2010 300]", "", ""],
            ["IMT Mines Alès", "FR", "SDG 14", "1001+", "", ""],
            ["IMT Mines Alès", "FR", "SDG 15", "1 001+", "", ""],
        ),
    )
    write("band_reversed.csv", long_with(["IMT Mines Alès", "FR", "overall", "400–301", "", ""]))
    write("rank_zero.csv", long_with(["IMT Mines Alès", "FR", "overall", "0", "", ""]))
    write("rank_tied_band.csv", long_with(["IMT Mines Alès", "FR", "overall", "=301–400", "", ""]))
    write("rank_words.csv", long_with(["IMT Mines Alès", "FR", "overall", "three hundred", "", ""]))
    write(
        "national_rank_band.csv",
        long_with(["IMT Mines Alès", "FR", "overall", "301–400", "", "2–3"]),
    )
    # Rows
    write("duplicate_rows.csv", csv_text([HEADER, *GOOD, GOOD[2]]))
    write(
        "duplicate_by_spelling.csv",
        csv_text([HEADER, *GOOD, ["MINES SAINT ETIENNE", "France", "overall", "401–600", "", ""]]),
    )
    write(
        "unknown_institution.csv",
        long_with(["Université de Nulle Part", "FR", "overall", "1001+", "", ""]),
    )
    write(
        "unknown_country.csv",
        long_with(["Atlantis Polytechnic", "Atlantis", "overall", "1001+", "", ""]),
    )
    write("blank_name.csv", long_with(["", "FR", "overall", "1001+", "", ""]))
    write("name_too_long.csv", long_with(["É" * 301, "FR", "overall", "1001+", "", ""]))
    write("formula_cells.csv", long_with(["IMT Mines Alès", "FR", "overall", "=300+1", "", ""]))
    write(
        "formula_cells.xlsx",
        xlsx(
            {
                "Results": [
                    HEADER,
                    *GOOD,
                    ["IMT Mines Alès", "FR", "overall", Formula("=A1"), None, None],
                ]
            }
        ),
    )
    write(
        "script_in_name.csv",
        long_with(
            [
                '<script>window.pwned=1</script><img src=x onerror="window.pwned=1">',
                "FR",
                "overall",
                "1001+",
                "",
                "",
            ]
        ),
    )
    write(
        "website_column.csv",
        csv_text([[*HEADER, "website"], *[[*row, "javascript:alert(1)"] for row in GOOD]]),
    )
    write(
        "control_characters.csv",
        long_with(["IMT Mines\x07 Alès\x1b[31m", "FR", "overall", "301–400", "", ""]),
    )
    write("id_column_other_row.csv", csv_text([["id", *HEADER], *[["1", *row] for row in GOOD]]))
    write(
        "unterminated_quote.csv",
        csv_text([HEADER, *GOOD]) + '"IMT Mines Alès,FR,overall,301–400,,\r\n',
    )
    write(
        "mixed_good_and_bad.csv",
        long_with(
            ["IMT Mines Alès", "FR", "overall", "301–400", "", ""],
            ["IMT Mines Alès", "FR", "SDG 6", "101–200", "999", ""],
            ["Télécom Paris", "Nowhere", "overall", "401–600", "", ""],
        ),
    )


if __name__ == "__main__":
    import django

    django.setup()
    main()
