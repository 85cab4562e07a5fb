"""What every corpus file must do: be imported with these counts, or be refused with this message.

The database starts with the demo data (IMT's schools, editions 2020 and 2021). Unless a case
says otherwise, the file is imported into a new edition, 2022. A refused file must leave every
table exactly as it was; an imported one must read back unchanged when imported a second time.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Imported:
    new: int
    updated: int = 0
    skipped: int = 0
    new_institutions: tuple[str, ...] = ()
    note: str = ""  # a fragment one of the report's notes must contain


@dataclass(frozen=True)
class Refused:
    message: str  # a fragment of the first error; for a row, "row N: column: ..."


@dataclass(frozen=True)
class Case:
    expect: Imported | Refused
    year: int = 2022
    options: dict = field(default_factory=dict)


CANNOT_READ = "it cannot be read"
NO_LAYOUT = "row 1: the header does not match a known layout"

CASES: dict[str, Case] = {
    # Encodings, separators, line endings
    "utf8_bom.csv": Case(Imported(4)),
    "semicolon.csv": Case(Imported(4)),
    "cp1252.csv": Case(Imported(4, note="read as Windows-1252")),
    "utf16_tab.txt": Case(Imported(4)),
    "lf_line_endings.csv": Case(Imported(4)),
    "tab_separated.tsv": Case(Imported(4)),
    # Header spellings
    "header_case_spaces.csv": Case(Imported(4)),
    "header_nbsp.csv": Case(Imported(4)),
    "header_decomposed_accents.csv": Case(Imported(4)),
    "header_aliases.csv": Case(Imported(4)),
    "header_missing_rank.csv": Case(Refused(f"{NO_LAYOUT}; missing rank")),
    "header_duplicate_column.csv": Case(Refused("row 1: Name: a second column for institution")),
    # Containers, and names that do not match the content
    "active_sheet_second.xlsx": Case(Imported(4, note="Sheet “Results” was read")),
    "named_sheet.xlsx": Case(Refused(NO_LAYOUT)),  # the first sheet is a cover page
    "named_sheet.xlsx#Results": Case(Imported(4), options={"sheet": "Results"}),
    "results.ods": Case(Imported(4)),
    "csv_named_xlsx.xlsx": Case(Imported(4, note="named .xlsx but holds CSV")),
    "xlsx_named_csv.csv": Case(Imported(4, note="named .csv but holds XLSX")),
    "page.html": Case(Refused(NO_LAYOUT)),
    "document_named_csv.csv": Case(Refused("This is not a spreadsheet file")),
    "old_excel.xls": Case(Refused("The .xls file cannot be read")),  # an OLE2 header, no workbook
    "truncated.xlsx": Case(Refused("damaged")),
    "empty.csv": Case(Refused("The file is empty.")),
    "header_only.csv": Case(Refused("no data below it")),
    "blank_rows_between.csv": Case(Imported(4, skipped=3)),
    # Numbers and cells
    "huge_exponent_score.csv": Case(Refused("row 6: score: 1e1000000 is not a score")),
    "huge_exponent_rank.csv": Case(Refused("row 6: rank: “1e1000000” is not a rank")),
    "decimal_comma_score.csv": Case(Imported(5)),
    "score_too_precise.csv": Case(Refused("row 6: score: 85.25 has more than one decimal")),
    # Tables
    "sdg_0.csv": Case(Refused("row 6: table: there is no SDG 0")),
    "sdg_18.csv": Case(Refused("row 6: table: there is no SDG 18")),
    "sdg_target_3_7.csv": Case(Refused("row 6: table: “3.7” is an SDG target")),
    "sdg_spelled.csv": Case(Imported(7)),
    "full_width_digits.csv": Case(Imported(6)),
    "wide_sdg_18_column.csv": Case(Refused("row 1: SDG 18: there is no SDG 18")),
    "the_table_without_table_option.csv": Case(Refused("say which table it is")),
    "the_table_without_table_option.csv#overall": Case(Imported(1), options={"table": "overall"}),
    # Ranks and bands
    "band_spellings.csv": Case(Imported(10)),
    "band_reversed.csv": Case(Refused("row 6: rank: “400–301”: the band's bounds are reversed")),
    "rank_zero.csv": Case(Refused("row 6: rank: a rank starts at 1")),
    "rank_tied_band.csv": Case(Refused("row 6: rank: “=301–400” is not a rank")),
    "rank_words.csv": Case(Refused("row 6: rank: “three hundred” is not a rank")),
    "national_rank_band.csv": Case(Refused("row 6: national_rank: 2–3: a national rank is one")),
    # Rows
    "duplicate_rows.csv": Case(
        Refused("row 6: institution: Mines Saint-Étienne (FR) appears twice")
    ),
    "duplicate_by_spelling.csv": Case(Refused("row 6: institution: MINES SAINT ETIENNE (FR)")),
    "unknown_institution.csv": Case(
        Imported(5, new_institutions=("Université de Nulle Part (FR)",))
    ),
    "unknown_country.csv": Case(Refused("row 6: country: unknown country “Atlantis”")),
    "blank_name.csv": Case(Refused("row 6: institution: blank")),
    "name_too_long.csv": Case(Refused("row 6: institution: longer than 255 characters")),
    "formula_cells.csv": Case(Refused("row 6: rank: “=300+1” is not a rank")),
    "formula_cells.xlsx": Case(Refused("row 6: rank: a formula (=A1)")),
    "script_in_name.csv": Case(
        Imported(
            5,
            new_institutions=(
                '<script>window.pwned=1</script><img src=x onerror="window.pwned=1"> (FR)',
            ),
        )
    ),
    "website_column.csv": Case(Imported(4, note="Columns ignored: website")),
    "control_characters.csv": Case(Refused("row 6: institution: contains control characters")),
    # Rows are matched by name and country, never by an id a file carries.
    "id_column_other_row.csv": Case(Imported(0, updated=2, note="Columns ignored: id"), year=2021),
    "unterminated_quote.csv": Case(Refused("row 6: ")),
    "mixed_good_and_bad.csv": Case(Refused("row 7: score: 999 is not a score")),
    # Built at test time (tests/reliability/hostile.py)
    "million_blank_rows.csv": Case(Imported(4)),
    "million_blank_rows.ods": Case(Imported(4)),
    "fifty_megabytes.csv": Case(Refused("The file is 50.0 MB; the limit is 10.0 MB.")),
    "ten_thousand_columns.csv": Case(Refused("row 1: 10006 columns; the limit is 60.")),
    "one_megabyte_cell.csv": Case(Refused("row 2: a cell holds more than 4,000 characters")),
    "long_cell.xlsx": Case(Refused("row 2: a cell holds 32,000 characters; the limit is 1,000")),
    "zip_bomb.xlsx": Case(Refused("it looks like a zip bomb and was not opened")),
    "billion_laughs.xlsx": Case(Refused("damaged")),
    "xxe.xlsx": Case(Refused("damaged")),
    "billion_laughs.ods": Case(Refused(CANNOT_READ)),
    "xxe.ods": Case(Refused(CANNOT_READ)),
    # Found by the long fuzzing run: damaged parts must be a message, never a server error.
    "dangling_sheet.xlsx": Case(Refused("its sheet “Results” points to no part of the file")),
    "shared_string_out_of_range.xlsx": Case(Refused("damaged")),
    "huge_run_of_spaces.ods": Case(Refused("row 2: a cell holds 100,013 characters")),
    "billion_blank_cells.ods": Case(Refused("row 1: more than 60 columns, the limit.")),
}
