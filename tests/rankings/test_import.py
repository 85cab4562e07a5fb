"""The results import service: layouts, matching, validation, diff, write, derived values."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation

from rankings.importing.service import Options, preview_import, run_import
from rankings.models import Edition, EditionCountry, Result, SDGResult
from rankings.parsing.layouts import detect_layout
from rankings.ranks import Rank
from schools.models import School
from spreadsheets.messages import ImportFileError
from tests.factories import (
    EditionFactory,
    RankingFactory,
    ResultFactory,
    SchoolFactory,
    SDGResultFactory,
)
from tests.rankings.import_samples import sample, tables_checksum

pytestmark = pytest.mark.django_db

LONG_FILES = ["long.csv", "long_semicolon_bom.csv", "long_tab.txt", "long.xlsx", "long.ods"]
WIDE_FILES = ["wide.csv", "wide.xlsx", "wide.ods"]
THE_FILES = ["the_overall.csv", "the_overall.xlsx", "the_overall.ods"]


def options(**kwargs):
    return Options(**{"year": 2021, **kwargs})


def stored():
    """Every result as (institution, country, table, rank, score, national rank)."""
    rows = set()
    for r in Result.objects.select_related("school"):
        if r.rank:
            rows.add(
                (
                    r.school.name,
                    r.school.country.code,
                    0,
                    str(r.rank),
                    r.score_display,
                    r.national_rank,
                )
            )
    for s in SDGResult.objects.select_related("result__school"):
        school = s.result.school
        rows.add(
            (
                school.name,
                school.country.code,
                s.sdg_id,
                str(s.rank),
                s.score_display,
                s.national_rank,
            )
        )
    return rows


@pytest.mark.parametrize("name", LONG_FILES)
def test_every_long_file_format_imports_the_same_results(name):
    report = run_import(sample(name), options=options(filename=name))

    assert report.ok, report.errors
    assert report.written
    assert report.layout == "long"
    assert (report.new, report.updated, report.unchanged) == (14, 0, 0)
    assert ("IMT Atlantique", "FR", 0, "101–200", "79.5–85.0", 1) in stored()
    assert ("IMT Atlantique", "FR", 7, "=57", "88.1", None) in stored()
    assert ("IMT Mines Alès", "FR", 12, "201–300", "", None) in stored()
    assert ("University of Manchester", "GB", 0, "1", "97.2", None) in stored()
    assert ("Western Sydney University", "AU", 0, "2", "", None) in stored()
    assert len(stored()) == 14


@pytest.mark.parametrize("name", WIDE_FILES)
def test_wide_layout_gives_one_entry_per_filled_cell(name):
    report = run_import(sample(name), options=options())

    assert report.ok, report.errors
    assert report.layout == "wide"
    assert report.new == 10
    rows = stored()
    assert ("IMT Atlantique", "FR", 7, "=57", "", None) in rows
    assert ("Mines Saint-Étienne", "FR", 11, "101–200", "", None) in rows
    # An institution only in SDG tables gets a result without an overall rank.
    sudparis = Result.objects.get(school__name="Télécom SudParis")
    assert sudparis.rank is None
    assert [str(s.rank) for s in sudparis.sdg_results.all()] == ["301–400"]


@pytest.mark.parametrize("name", THE_FILES)
def test_a_whole_the_table_derives_totals_and_national_ranks(name):
    report = run_import(sample(name), options=options(table="overall"))

    assert report.ok, report.errors
    edition = Edition.objects.get(year=2021)
    assert edition.institutions_ranked == 10
    per_country = EditionCountry.objects.filter(edition=edition).values_list(
        "country", "institutions_ranked"
    )
    assert dict(per_country) == {"AU": 4, "FR": 2, "GB": 1, "HK": 1, "NZ": 1, "RU": 1}
    national = dict(Result.objects.values_list("school__name", "national_rank"))
    assert national["University of Sydney"] == 1
    assert national["Western Sydney University"] == 2
    # A tie shares its position, and the next one skips it ("1, 2, 3, 3").
    assert national["La Trobe University"] == national["RMIT University"] == 3
    # Two French institutions in the same band share the first place.
    assert national["IMT Atlantique"] == national["Université de Bordeaux"] == 1
    assert national["University of Manchester"] == 1


def test_a_wide_file_derives_each_table_s_national_ranks_from_that_table():
    # One row holds an institution's overall and SDG ranks: its national rank in each table
    # comes from that table, not from the last one derived.
    data = (
        "institution,country,overall,sdg3,sdg17\n"
        "IMT Atlantique,FR,1,3,2\n"
        "IMT Mines Alès,FR,2,1,3\n"
        "Mines Saint-Étienne,FR,3,2,1\n"
    ).encode()

    report = run_import(data, options=options())

    assert report.written, report.errors
    assert {(name, table, national) for name, _, table, _, _, national in stored()} == {
        ("IMT Atlantique", 0, 1),
        ("IMT Atlantique", 3, 3),
        ("IMT Atlantique", 17, 2),
        ("IMT Mines Alès", 0, 2),
        ("IMT Mines Alès", 3, 1),
        ("IMT Mines Alès", 17, 3),
        ("Mines Saint-Étienne", 0, 3),
        ("Mines Saint-Étienne", 3, 2),
        ("Mines Saint-Étienne", 17, 1),
    }


def test_a_longest_name_whose_key_grows_is_imported_and_found_again():
    # casefold() turns "ß" into "ss": the key of a 255-character name must still fit its
    # column (PostgreSQL cut it short, and the import then failed on a KeyError).
    name = "Technische Universität " + "ß" * 232
    data = f"institution,country,table,rank\n{name},DE,overall,5\n".encode()

    first = run_import(data, options=options())
    again = preview_import(data, options=options())

    assert first.written, first.errors
    school = School.objects.get()
    assert (school.name, len(school.name_key)) == (name, 255)
    assert (again.new, again.unchanged) == (0, 1)


def test_a_partial_table_does_not_touch_the_edition_totals():
    edition = EditionFactory(year=2021, institutions_ranked=1115)

    report = run_import(sample("long.csv"), options=options())

    assert report.ok
    edition.refresh_from_db()
    assert edition.institutions_ranked == 1115
    assert not EditionCountry.objects.exists()


def test_a_top_of_the_table_extract_does_not_shrink_the_edition_totals():
    # The ten first of the world table start at 1 with no gap: they pass for a whole table,
    # and still give right national ranks, but the edition's 1,115 is THE's, not theirs.
    edition = EditionFactory(year=2021, institutions_ranked=1115)
    EditionCountry.objects.create(edition=edition, country="FR", institutions_ranked=18)

    report = run_import(sample("the_overall.csv"), options=options(table="overall"))

    assert report.written, report.errors
    edition.refresh_from_db()
    assert edition.institutions_ranked == 1115
    assert dict(EditionCountry.objects.values_list("country", "institutions_ranked")) == {"FR": 18}
    assert any("The edition says 1,115 institutions are ranked" in n for n in report.notes)
    assert not any("Institutions ranked in the edition" in d for d in report.derived)
    assert Result.objects.get(school__name="IMT Atlantique").national_rank == 1


def test_a_confirm_refuses_when_the_edition_totals_changed_since_the_preview():
    edition = EditionFactory(year=2021, institutions_ranked=3)
    preview = preview_import(sample("the_overall.csv"), options=options(table="overall"))
    assert any("(was 3)" in line for line in preview.derived)
    # An editor corrects the per-country count the confirm would replace.
    EditionCountry.objects.create(edition=edition, country="FR", institutions_ranked=42)
    before = tables_checksum()

    report = run_import(
        sample("the_overall.csv"),
        options=options(table="overall"),
        expected_fingerprint=preview.fingerprint,
    )

    assert report.stale
    assert not report.written
    assert tables_checksum() == before


def test_a_single_the_table_needs_the_table_option():
    report = preview_import(sample("the_overall.csv"), options=options())

    assert report.errors == [
        "This is a single THE table (rank, name, country): say which table it is "
        "(overall or an SDG such as sdg11)."
    ]


def test_a_single_sdg_table_goes_to_that_sdg():
    report = run_import(sample("the_overall.csv"), options=options(table="SDG 11"))

    assert report.ok
    assert SDGResult.objects.filter(sdg_id=11).count() == 10
    assert not Result.objects.ranked().exists()


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (["Institution", "Country", "Table", "Rank"], "long"),
        (["  NAME\u00a0", "country/region", "SDG", "Overall rank", "Score"], "long"),
        (["Université", "Country / Region", "table", "rank", "National rank"], "long"),
        (["university", "COUNTRY", "overall", "sdg1", "SDG 17"], "wide"),
        (["Rank", "Name", "Country/Region", "Score"], "THE table"),
    ],
)
def test_header_detection_ignores_case_spaces_accents_and_accepts_aliases(header, layout):
    assert detect_layout(header).layout == layout


def test_an_unknown_header_says_what_is_missing_and_what_is_expected():
    with pytest.raises(ImportFileError) as error:
        detect_layout(["School", "Country", "Position 2021"])

    assert str(error.value).startswith(
        "row 1: the header does not match a known layout; missing rank, institution. Expected one of:"
    )


def test_every_bad_row_is_reported_with_row_column_and_reason_and_nothing_is_written():
    before = tables_checksum()

    report = run_import(sample("bad_rows.csv"), options=options())

    assert report.errors == [
        "row 3: rank: “three hundred” is not a rank (expected 57, =57, 101–200 or 1001+)",
        "row 4: table: there is no SDG 18 (1–17)",
        "row 5: institution: blank",
        "row 6: country: unknown country “Atlantis” (use an ISO code such as FR, or its English name)",
        "row 7: institution: IMT Atlantique (FR) appears twice in the overall table, in rows 2 and 7",
    ]
    assert not report.written
    assert tables_checksum() == before


def test_the_preview_of_a_bad_file_still_counts_the_good_rows():
    report = preview_import(sample("bad_rows.csv"), options=options())

    assert report.new == 2
    assert len(report.errors) == 5


def test_reimporting_the_same_file_reports_every_row_unchanged_and_writes_nothing():
    run_import(sample("long.csv"), options=options())
    before = tables_checksum()

    report = run_import(sample("long.csv"), options=options())

    assert (report.new, report.updated, report.unchanged) == (0, 0, 14)
    assert report.changes == []
    assert tables_checksum() == before


def test_changes_are_shown_as_old_and_new_rank():
    school = SchoolFactory(name="IMT Atlantique", country="FR")
    edition = EditionFactory(year=2021)
    result = ResultFactory(
        edition=edition, school=school, rank="301-400", score_low=None, national_rank=1
    )
    SDGResultFactory(result=result, sdg_id=7, rank="=57")

    report = preview_import(sample("long.csv"), options=options())

    overall = next(
        c for c in report.changes if c.institution == "IMT Atlantique" and c.table == "overall"
    )
    assert (overall.status, overall.old, overall.new) == (
        "updated",
        "301–400, national 1",
        "101–200, score 79.5–85.0, national 1",
    )
    assert str(overall) == (
        "row 2: IMT Atlantique (FR), overall: 301–400, national 1 → 101–200, score 79.5–85.0, national 1"
    )
    assert report.unchanged == 0  # SDG 7 gains a score
    assert (report.new, report.updated) == (12, 2)


def test_updates_write_every_value_including_ties_scores_and_blanks():
    school = SchoolFactory(name="IMT Atlantique", country="FR")
    result = ResultFactory(
        edition=EditionFactory(year=2021), school=school, rank="301-400", national_rank=3
    )
    sdg7 = SDGResultFactory(result=result, sdg_id=7, rank="101-200", score_low=Decimal("50.0"))
    sdg9 = SDGResultFactory(result=result, sdg_id=9, rank="1001+")

    report = run_import(sample("long.csv"), options=options())

    assert report.updated == 3
    result.refresh_from_db()
    sdg7.refresh_from_db()
    sdg9.refresh_from_db()
    assert (str(result.rank), result.score_display, result.national_rank) == (
        "101–200",
        "79.5–85.0",
        1,
    )
    assert (str(sdg7.rank), sdg7.rank_tie, sdg7.score_low, sdg7.score_high) == (
        "=57",
        True,
        Decimal("88.1"),
        None,
    )
    assert (sdg9.rank_low, sdg9.rank_high, sdg9.score_low) == (83, 83, None)


def test_institutions_match_by_normalised_name_and_country_and_unknown_ones_are_created():
    existing = SchoolFactory(name="Mines Saint-Étienne", country="FR", slug="mines-saint-etienne")
    SchoolFactory(name="IMT Atlantique", country="BE")  # same name, another country

    report = run_import(sample("long.csv"), options=options())

    assert "Mines Saint-Étienne (FR)" not in report.new_institutions
    assert "IMT Atlantique (FR)" in report.new_institutions
    assert Result.objects.get(school__name_key="mines saint etienne").school == existing
    created = School.objects.get(name="IMT Atlantique", country="FR")
    assert (created.kind, created.group, created.slug, created.name_key) == (
        "other",
        None,
        "imt-atlantique-2",
        "imt atlantique",
    )


def test_a_change_between_preview_and_confirm_writes_nothing():
    school = SchoolFactory(name="IMT Atlantique", country="FR")
    result = ResultFactory(edition=EditionFactory(year=2021), school=school, rank="301-400")
    preview = preview_import(sample("long.csv"), options=options())
    result.rank = "201-300"
    result.save()
    before = tables_checksum()

    report = run_import(
        sample("long.csv"), options=options(), expected_fingerprint=preview.fingerprint
    )

    assert report.stale
    assert not report.written
    assert report.errors == [
        "The data changed since the preview (someone else edited or imported these results): "
        "nothing was written. Preview the file again."
    ]
    assert tables_checksum() == before


def test_a_confirm_for_another_edition_than_the_preview_s_writes_nothing():
    RankingFactory(slug="another-ranking", name="Another ranking")
    preview = preview_import(sample("long.csv"), options=options(ranking="another-ranking"))
    before = tables_checksum()

    report = run_import(
        sample("long.csv"), options=options(), expected_fingerprint=preview.fingerprint
    )

    assert report.stale
    assert not report.written
    assert tables_checksum() == before


def test_an_unchanged_database_confirms_with_the_preview_fingerprint():
    preview = preview_import(sample("long.csv"), options=options())

    report = run_import(
        sample("long.csv"), options=options(), expected_fingerprint=preview.fingerprint
    )

    assert report.written
    assert Edition.objects.get(year=2021).ranking.slug == "the-impact-rankings"


def test_an_unknown_ranking_is_an_error():
    report = preview_import(sample("long.csv"), options=options(ranking="qs-world"))

    assert report.errors == ["There is no ranking “qs-world”."]


def test_empty_options_from_a_form_a_command_or_a_queued_job_mean_the_defaults():
    empty = Options.build(year=2021, ranking="", table="", sheet="", filename=None)
    given = Options.build(
        year=2021, ranking="qs-world", table="sdg11", sheet="Results", filename="qs.xlsx"
    )

    assert empty == Options(year=2021, ranking="the-impact-rankings")
    assert (given.ranking, given.table, given.sheet, given.filename) == (
        "qs-world",
        "sdg11",
        "Results",
        "qs.xlsx",
    )


def test_the_preview_runs_a_fixed_number_of_queries(django_assert_num_queries):
    run_import(sample("the_overall.csv"), options=options(table="overall"))

    # ranking, edition, schools, results, SDG results, and the admin's history of the results
    # the file updates (hand edits it would undo): whatever the number of rows.
    with django_assert_num_queries(6):
        report = preview_import(sample("long.csv"), options=options())
    assert report.ok


def test_a_fresh_import_writes_in_a_fixed_number_of_queries(django_assert_num_queries):
    # Savepoints, 3 reads, the ranking (read, then created in a savepoint) and the edition
    # created, the taken slugs, then one bulk insert per table: whatever the number of rows.
    # PostgreSQL adds the advisory lock that queues concurrent imports, and sends the SDG
    # results by COPY, which Django does not count as a query: the same count on both.
    # On an emptied cache, the page cache notes when an embargo next ends (one query a clock:
    # editions' publication moments, releases' embargoes).
    with django_assert_num_queries(15):
        report = run_import(sample("long.csv"), options=options())
    assert report.written


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        (
            ["IMT", "FR", "overall", "101–200", "101", ""],
            "row 2: score: 101 is not a score between 0 and 100",
        ),
        (
            ["IMT", "FR", "overall", "101–200", "85.25", ""],
            "row 2: score: 85.25 has more than one decimal (THE publishes one)",
        ),
        (
            ["IMT", "FR", "overall", "101–200", "", "2-3"],
            "row 2: national_rank: 2-3: a national rank is one position, not a band",
        ),
        (
            ["IMT", "FR", "overall", "200–101", "", ""],
            "row 2: rank: “200–101”: the band's bounds are reversed",
        ),
        (
            ["IMT", "FR", "", "101–200", "", ""],
            "row 2: table: blank (expected overall or an SDG number such as 11 or SDG 11)",
        ),
        (["IMT", "", "overall", "101–200", "", ""], "row 2: country: blank"),
        (["IMT", "FR", "overall", "", "", ""], "row 2: rank: the rank is blank"),
    ],
)
def test_cell_errors_name_the_row_the_column_and_the_reason(cells, error):
    data = (
        "institution,country,table,rank,score,national_rank\n" + ",".join(cells) + "\n"
    ).encode()

    assert preview_import(data, options=options()).errors == [error]


def test_a_whole_table_that_leaves_out_stored_institutions_names_them_and_deletes_nothing():
    run_import(
        b"institution,country,table,rank\n"
        b"Alpha,FR,overall,1\nBeta,FR,overall,2\nGamma,DE,overall,3\n"
        b"Alpha,FR,sdg4,1\nBeta,FR,sdg4,2\n",
        options=options(),
    )
    corrected = (
        b"institution,country,table,rank\nAlpha,FR,overall,1\nGamma,DE,overall,2\nAlpha,FR,sdg4,1\n"
    )

    report = run_import(corrected, options=options())

    assert report.written
    # The edition the first import created has no publication moment: the import says so.
    assert any("has no publication moment" in note for note in report.notes)
    assert [str(warning) for warning in report.warnings] == [
        f"The {table} table in the file is whole, but 1 institution(s) stored in it are not "
        "in the file: Beta. The import leaves their results as they are; delete them in the "
        "admin if they should go."
        for table in ["overall", "SDG 4"]
    ]
    beta = Result.objects.get(school__name="Beta")
    assert (str(beta.rank), beta.sdg_results.count()) == ("2", 1)


def test_an_institution_on_a_row_with_an_error_is_not_said_to_be_left_out():
    run_import(
        b"institution,country,table,rank\nAlpha,FR,overall,1\nBeta,FR,overall,2\n"
        b"Gamma,DE,overall,3\n",
        options=options(),
    )
    mistyped = b"institution,country,table,rank\nAlpha,FR,overall,1\nBeta,FR,overall,2x\n"
    mistyped += b"Gamma,DE,overall,=3\nDelta,DE,overall,=3\n"

    report = preview_import(mistyped, options=options())

    assert report.errors == ["row 3: rank: “2x” is not a rank (expected 57, =57, 101–200 or 1001+)"]
    assert [str(warning) for warning in report.warnings] == [
        "In the overall table, 1 institution stored in it is on a row with an error, so it is "
        "not compared yet: Beta. Rows: 3."
    ]


def test_an_extract_of_a_table_is_not_taken_for_the_whole_table():
    run_import(
        b"institution,country,table,rank\nAlpha,FR,overall,1\nBeta,FR,overall,2\n",
        options=options(),
    )

    report = preview_import(
        b"institution,country,table,rank\nBeta,FR,overall,2\n", options=options()
    )

    assert not any("is whole" in note for note in report.notes)
    assert not any("not in the file" in note for note in report.notes)


def test_import_reports_speak_the_editor_s_language():
    data = b"institution,country,table,rank\nIMT,FR,overall,400-301\n"

    english = preview_import(data, options=options()).errors
    with translation.override("fr"):
        french = preview_import(data, options=options()).errors

    assert english == ["row 2: rank: “400-301”: the band's bounds are reversed"]
    assert french == [
        "ligne 2\u00a0: rank\u00a0: «\u00a0400-301\u00a0»\u00a0: les bornes de la tranche sont inversées"
    ]


def test_errors_are_listed_row_by_row_and_left_to_right_as_the_file_reads():
    data = b"Rank,Name,Country/Region,Score\nabc,,Atlantis,200\n5,Good,FR,50\n7,Other,,\n"

    errors = preview_import(data, options=options(table="overall")).errors

    assert [error.split(":")[:2] for error in errors] == [
        ["row 2", " Rank"],
        ["row 2", " Name"],
        ["row 2", " Country/Region"],
        ["row 2", " Score"],
        ["row 4", " Country/Region"],
    ]


@pytest.mark.parametrize(
    ("country", "code"),
    [
        ("FR", "FR"),
        ("fra", "FR"),
        ("France", "FR"),
        ("United Kingdom", "GB"),
        ("Russian Federation", "RU"),
        ("Hong Kong", "HK"),
        ("United States", "US"),
        ("Korea, Republic of", "KR"),
        ("Türkiye", "TR"),
        ("Republic of Ireland", "IE"),  # THE's spelling
        ("Slovak Republic", "SK"),
        ("UAE", "AE"),
        ("Reunion", "RE"),
    ],
)
def test_countries_are_read_from_codes_and_english_names(country, code):
    data = f'institution,country,table,rank\nSomewhere,"{country}",overall,5\n'.encode()

    run_import(data, options=options())

    assert School.objects.get(name="Somewhere").country.code == code


def test_blank_lines_are_skipped_and_counted():
    data = b"institution,country,table,rank\r\nA,FR,overall,5\r\n,,,\r\n\r\nB,FR,overall,6\r\n"

    report = run_import(data, options=options())

    assert (report.new, report.skipped) == (2, 2)


@pytest.mark.parametrize("mac_1904", [False, True], ids=["1900 dates", "1904 dates"])
def test_a_rank_turned_into_a_date_by_a_spreadsheet_is_explained(mac_1904):
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = Workbook()
    if mac_1904:  # an old Excel for Mac's workbook counts days from 1904: the same date
        book.epoch = CALENDAR_MAC_1904
    book.active.append(["institution", "country", "table", "rank"])
    from datetime import datetime

    book.active.append(["IMT", "FR", "overall", datetime(2021, 1, 10)])
    buffer = io.BytesIO()
    book.save(buffer)

    errors = preview_import(buffer.getvalue(), options=options()).errors

    assert errors == [
        "row 2: rank: a date (2021-01-10 00:00:00); the spreadsheet turned it into a date, "
        "format the column as text"
    ]


def test_an_ods_date_cell_is_explained_too():
    from spreadsheets.writing import to_ods

    content = to_ods(
        iter([["institution", "country", "table", "rank"], ["IMT", "FR", "overall", "X"]]),
        title="S",
    )
    # LibreOffice turns "1-10" typed in a cell into a date cell.
    content = _replace_in_zip(
        content,
        "content.xml",
        '<table:table-cell office:value-type="string"><text:p>X</text:p></table:table-cell>',
        '<table:table-cell office:value-type="date" office:date-value="2021-01-10"><text:p>10/01/21</text:p></table:table-cell>',
    )

    errors = preview_import(content, options=options()).errors

    assert errors == [
        "row 2: rank: a date (2021-01-10 00:00:00); the spreadsheet turned it into a date, "
        "format the column as text"
    ]


def _replace_in_zip(data: bytes, name: str, old: str, new: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                content = content.decode().replace(old, new).encode()
            target.writestr(info, content)
    return buffer.getvalue()


def test_a_file_without_national_ranks_keeps_those_already_stored():
    school = SchoolFactory(name="IMT Mines Alès", country="FR")
    ResultFactory(edition=EditionFactory(year=2021), school=school, rank="301-400", national_rank=2)

    report = run_import(sample("long.csv"), options=options())

    assert report.ok
    assert Result.objects.get(school=school).national_rank == 2
    assert Result.objects.get(school=school).rank == Rank.parse("301-400")


def test_the_summary_agrees_its_words_with_the_counts():
    data = b"institution,country,table,rank\nOne University,FR,overall,not a rank\n"

    report = preview_import(data, options=options())

    assert report.summary().endswith(", 1 error")
