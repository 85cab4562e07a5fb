"""Cells that say "not ranked", French spellings of tables, and messages about odd cells."""

import pytest
from django.utils import translation

from rankings.exporting import export_results
from rankings.importing.service import Options, preview_import, run_import
from rankings.models import Edition, Result, SDGResult
from rankings.parsing.values import parse_rank, parse_score
from schools.models import School
from spreadsheets.cells import Formula
from spreadsheets.text import CellError
from spreadsheets.writing import to_xlsx

pytestmark = pytest.mark.django_db


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def options(**kwargs):
    return Options(**{"year": 2021, **kwargs})


def test_the_wide_layout_reads_a_dash_n_a_and_reporter_as_not_ranked():
    data = csv(
        "institution,country,overall,sdg1,sdg2,sdg3,sdg4",
        "IMT Atlantique,FR,101–200,301–400,—,n/a,Reporter",
        "Mines Saint-Étienne,FR,-,NR,201–300,,",
    )

    report = run_import(data, options=options())

    assert report.written, report.errors
    assert report.new == 3
    atlantique = Result.objects.get(school__name="IMT Atlantique")
    assert [s.sdg_id for s in atlantique.sdg_results.all()] == [1]
    assert Result.objects.get(school__name="Mines Saint-Étienne").rank is None
    assert list(
        SDGResult.objects.filter(result__school__name="Mines Saint-Étienne").values_list(
            "sdg_id", flat=True
        )
    ) == [2]


def test_a_wide_row_that_ranks_no_one_is_skipped_and_said_so():
    data = csv(
        "institution,country,overall,sdg1",
        "IMT Atlantique,FR,101–200,301–400",
        "Ghost University,FR,,",
        "Phantom Institute,FR,—,n/a",
    )

    report = preview_import(data, options=options())

    assert report.ok, report.errors
    assert (report.new, report.skipped) == (2, 2)
    assert (
        "2 rows rank no one (their rank is blank, a dash, n/a, NR or THE’s “Reporter”) and are "
        "skipped: rows 3, 4." in report.notes
    )


def test_the_reporters_of_a_the_table_are_skipped_not_refused():
    data = csv(
        "Rank,Name,Country/Region,Score",
        "1,Western Sydney University,Australia,99.1",
        "2,University of Sydney,Australia,98.0",
        "Reporter,IMT Atlantique,France,—",
    )

    report = run_import(data, options=options(table="overall"))

    assert report.written, report.errors
    assert (report.new, report.skipped) == (2, 1)
    assert any("skipped: row 4." in note for note in report.notes)
    assert not Result.objects.filter(school__name="IMT Atlantique").exists()


def test_a_long_row_with_a_blank_rank_is_still_an_error():
    data = csv("institution,country,table,rank", "IMT Atlantique,FR,overall,")

    report = preview_import(data, options=options())

    assert report.errors == ["row 2: rank: the rank is blank"]


def test_french_table_names_in_both_layouts():
    wide = csv(
        "Établissement;Pays;Classement général;ODD 1;ODD 11",
        "IMT Atlantique;France;101–200;;201–300",
    )
    long = csv(
        "Établissement;Pays;ODD;Rang",
        "IMT Atlantique;France;général;101–200",
        "IMT Atlantique;France;ODD 11;201–300",
    )

    for data in (wide, long):
        report = preview_import(data, options=options())
        assert report.ok, report.errors
        assert [(c.table, c.new) for c in report.changes] == [
            ("overall", "101–200"),
            ("SDG 11", "201–300"),
        ]


def test_a_score_of_a_dash_is_no_score_and_a_half_range_is_quoted_whole():
    assert parse_score("—") is None
    assert parse_score("n/a") is None
    with pytest.raises(CellError, match="“80–” is not a score"):
        parse_score("80–")


def test_a_filled_down_formula_is_named_without_its_missing_text():
    # Excel writes a filled-down formula once, in the first cell; the others hold no text.
    with pytest.raises(CellError) as error:
        parse_rank(Formula("="))
    assert str(error.value) == "a formula; paste the values instead"
    with pytest.raises(CellError, match=r"a formula \(=E2\)"):
        parse_rank(Formula("=E2"))


def test_excel_s_sep_line_names_the_delimiter_and_is_not_a_row():
    data = csv("sep=;", "institution;country;table;rank", "IMT Atlantique;FR;overall;101–200")

    report = preview_import(data, options=options())

    assert report.ok, report.errors
    assert [(c.row, c.new) for c in report.changes] == [(2, "101–200")]


def test_a_title_and_blank_rows_above_the_header_are_left_out_and_said():
    """THE's downloads and a report's tables often start with a title line: the header is
    found below it, and rows keep the numbers a spreadsheet program shows."""
    rows = [
        ["THE Impact Rankings 2021: overall"],
        [],
        ["Rank", "Name", "Country/Region"],
        ["1", "Western Sydney University", "Australia"],
        ["", "", ""],
        ["x", "IMT Atlantique", "France"],
    ]
    data = to_xlsx(iter(rows), title="Overall")

    report = preview_import(data, options=options(table="overall"))

    assert report.errors == ["row 6: Rank: “x” is not a rank (expected 57, =57, 101–200 or 1001+)"]
    assert report.notes[0] == "The header is on row 3: the 2 rows above it were left out."
    assert report.skipped == 1  # the blank row 5, not the title and blank rows above the header

    data = csv(",,,", "institution,country,table,rank", "IMT Atlantique,FR,overall,101–200")
    with translation.override("fr"):
        report = preview_import(data, options=options())
    assert report.ok, report.errors
    assert [(c.row, c.new) for c in report.changes] == [(3, "101–200")]
    assert report.notes[0] == (
        "L’en-tête est à la ligne 2\u00a0: la ligne au-dessus a été laissée de côté."
    )


@pytest.mark.parametrize(
    ("lines", "changes"),
    [
        (
            ["Classement THE 2021", "", "Établissement;Pays;Rang", "IMT Atlantique;France;101–200"],
            [(4, "IMT Atlantique", "101–200")],
        ),
        # French Excel: a name with a comma and a decimal comma give a data line as many
        # commas as semicolons.
        (
            [
                "Classement THE 2021",
                "Établissement;Pays;Rang;Score",
                "Universidad Nacional, Colombia;Colombia;101–200;79,5–84,6",
                "IMT Atlantique;France;101–200;80,1",
            ],
            [
                (3, "Universidad Nacional, Colombia", "101–200, score 79.5–84.6"),
                (4, "IMT Atlantique", "101–200, score 80.1"),
            ],
        ),
    ],
)
def test_a_title_line_above_a_semicolon_table_does_not_hide_the_delimiter(lines, changes):
    report = preview_import(csv(*lines), options=options(table="overall"))

    assert report.ok, report.errors
    assert [(c.row, c.institution, c.new) for c in report.changes] == changes


def test_zero_width_spaces_around_cells_are_trimmed_like_spaces():
    # Pasted from a web page or a PDF: invisible characters at either end of a cell.
    data = csv(
        "institution,country,table,rank",
        "\u200bIMT Atlantique\u200b,FR\u200b,overall\u2060,\ufeff101–200\u200b",
    )

    report = run_import(data, options=options())

    assert report.written, report.errors
    assert School.objects.get().name == "IMT Atlantique"
    assert str(Result.objects.get().rank) == "101–200"


def test_a_header_is_looked_for_in_the_first_ten_rows_and_explained_where_it_is():
    data = csv(*[",,,"] * 10, "institution,country,table,rank", "IMT Atlantique,FR,overall,3")
    assert preview_import(data, options=options()).errors == [
        "row 1: blank: the header (institution, country, …) must be the first row; "
        "delete the empty rows above it."
    ]

    data = csv("Results", "institution,country,rank,rank", "IMT Atlantique,FR,3,4")
    assert preview_import(data, options=options(table="overall")).errors == [
        "row 2: rank: a second column for rank (the first is rank)"
    ]

    # A first row that is no header, and nothing below that looks like one: row 1 explained.
    data = csv("Instituton,Country,Rank", "IMT Atlantique,FR,3")
    assert (
        preview_import(data, options=options(table="overall"))
        .errors[0]
        .startswith("row 1: the header does not match a known layout; missing institution.")
    )


def test_french_headers_as_the_pages_write_them():
    data = csv("Rang,Nom de l’établissement,Pays/Région", "=57,IMT Atlantique,France")

    report = preview_import(data, options=options(table="sdg7"))

    assert report.ok, report.errors
    assert [(c.institution, c.country, c.new) for c in report.changes] == [
        ("IMT Atlantique", "FR", "=57")
    ]


def test_notes_under_a_table_are_left_out_and_said_but_not_many_single_cells():
    data = csv(
        "Rank,Name,Country/Region",
        "1,Western Sydney University,Australia",
        "2,IMT Atlantique,France",
        "",
        "* Scores are rounded.",
        "Source: Times Higher Education,,",
    )

    report = preview_import(data, options=options(table="overall"))

    assert report.ok, report.errors
    assert (report.new, report.skipped) == (2, 3)  # the blank row and the two notes
    assert (
        "Under the table, rows 5, 6 hold a single cell each (notes such as “Source: …”): they "
        "were left out." in report.notes
    )

    # Many rows of one cell are rows with cells missing: each is an error, as before.
    data = csv("Rank,Name,Country/Region", "1,Western Sydney University,Australia", *["x"] * 6)
    report = preview_import(data, options=options(table="overall"))
    assert len([error for error in report.errors if error.endswith("Name: blank")]) == 6


@pytest.mark.parametrize("separator", [";", "\t", "xlsx"])
def test_a_note_holding_a_comma_is_left_out_where_a_comma_separates_nothing(separator):
    rows = [
        ["Rank", "Name", "Country/Region"],
        ["1", "Western Sydney University", "Australia"],
        ["Source: Times Higher Education, 2021"],
    ]
    if separator == "xlsx":
        data = to_xlsx(iter(rows), title="Overall")
    else:
        data = csv(*(separator.join(row) for row in rows))

    report = preview_import(data, options=options(table="overall"))

    assert report.ok, report.errors
    assert report.new == 1
    assert any(
        note.startswith("Under the table, row 3 holds a single cell") for note in report.notes
    )


def test_a_last_row_a_stray_quote_ran_together_is_refused_not_taken_for_a_note():
    data = csv("Rank;Name;Country/Region", "1;Western Sydney University;Australia", '"2;IMT;France')

    report = preview_import(data, options=options(table="overall"))

    assert not report.ok
    assert report.errors[0].startswith("row 3: Rank: “2;IMT;France")


def test_countries_by_their_french_name():
    data = csv(
        "institution,country,table,rank",
        "Technische Universität München,Allemagne,overall,101–200",
        "University of Manchester,Royaume-Uni,overall,8",
    )

    report = preview_import(data, options=options())

    assert report.ok, report.errors
    assert [c.country for c in report.changes] == ["DE", "GB"]


def test_the_places_iso_has_no_code_for_import_export_and_read_in_french():
    """THE ranks institutions in Northern Cyprus and Kosovo: a THE table must not be refused
    for them, and the codes they get (XN, XK) must come back from an export."""
    data = csv(
        "Rank,Name,Country/Region",
        "1,Western Sydney University,Australia",
        "2,Near East University,Northern Cyprus",
        "3,University of Prishtina,Kosovo",
    )

    report = run_import(data, options=options(table="overall"))

    assert report.written, report.errors
    assert dict(Result.objects.values_list("school__name", "school__country")) == {
        "Western Sydney University": "AU",
        "Near East University": "XN",
        "University of Prishtina": "XK",
    }
    exported = export_results(Edition.objects.get(year=2021), "csv")
    assert "Near East University,XN,overall,2" in exported.decode("utf-8-sig")
    again = preview_import(exported, options=options())
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3), again.errors
    same = preview_import(
        csv("institution,country,table,rank", "Near East University,Chypre du Nord,overall,2"),
        options=options(),
    )
    assert same.unchanged == 1, same.errors
    with translation.override("fr"):
        assert str(School.objects.get(country="XN").country.name) == "Chypre du Nord"


def test_an_exact_rank_given_twice_without_equals_is_flagged():
    data = csv(
        "Rank,Name,Country/Region",
        "1,Western Sydney University,Australia",
        "2,University of Sydney,Australia",
        "2,IMT Atlantique,France",
        "=4,La Trobe University,Australia",
        "=4,RMIT University,Australia",
    )

    report = preview_import(data, options=options(table="overall"))

    assert report.ok, report.errors
    assert [str(warning) for warning in report.warnings] == [
        "In the overall table, 2 rows give rank 2 without “=”: a shared position is a "
        "tie (=2). Check the file; the import reads them as given. Rows: 3, 4."
    ]
    assert report.warnings[0].rows == (3, 4)
