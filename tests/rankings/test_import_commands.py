"""`manage.py import_results` and `export_results` as BRIEF.md specifies them."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from rankings.models import Edition, Ranking, Result
from tests.factories import EditionFactory, RankingFactory, ResultFactory, SchoolFactory
from tests.rankings.import_samples import FILES, tables_checksum

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_a_summary_and_creates_the_edition():
    out, _ = run("import_results", str(FILES / "long.ods"), "--edition", "2022")

    assert "Imported: 14 new, 0 updated, 0 unchanged, 0 skipped, 0 errors" in out
    assert "The edition THE Impact Rankings 2022 is new: the import creates it." in out
    assert Edition.objects.get(year=2022).results.count() == 6


def test_dry_run_reports_and_writes_nothing():
    before = tables_checksum()

    out, _ = run("import_results", str(FILES / "long.csv"), "--edition", "2021", "--dry-run")

    assert "Dry run, nothing written: 14 new, 0 updated, 0 unchanged, 0 skipped, 0 errors" in out
    assert tables_checksum() == before


def import_bad_rows():
    """import_results on bad_rows.csv: the CommandError raised, and what went to stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_results",
            str(FILES / "bad_rows.csv"),
            "--edition",
            "2021",
            stderr=err,
            stdout=io.StringIO(),
        )
    return error, err


def test_any_invalid_row_exits_1_reports_every_row_and_writes_nothing():
    before = tables_checksum()

    error, err = import_bad_rows()

    assert error.value.returncode == 1
    assert str(error.value) == "5 error(s): nothing was written."
    lines = err.getvalue().splitlines()
    assert (
        lines[0]
        == "row 3: rank: “three hundred” is not a rank (expected 57, =57, 101–200 or 1001+)"
    )
    assert (
        lines[4]
        == "row 7: institution: IMT Atlantique (FR) appears twice in the overall table, in rows 2 and 7"
    )
    assert tables_checksum() == before


def test_the_commands_print_english_on_a_site_whose_language_is_french(tmp_path):
    # Restored inside the test, so the language put back after it is English again.
    with override_settings(LANGUAGE_CODE="fr"):
        assert translation.gettext("Nothing was written.") == "Rien n’a été écrit."
        error, err = import_bad_rows()
        out, _ = run("import_results", str(FILES / "long.csv"), "--edition", "2022", "-v", "2")
        with translation.override("fr"):  # an active French, as a request would leave it
            dry, _ = run(
                "import_results", str(FILES / "long.csv"), "--edition", "2022", "--dry-run"
            )
            output = tmp_path / "results.csv"
            run("export_results", "--edition", "2022", "--output", str(output))
            with pytest.raises(CommandError, match="There is no edition 1999"):
                run("export_results", "--edition", "1999")

    assert str(error.value) == "5 error(s): nothing was written."
    assert err.getvalue().splitlines()[:2] == [
        "row 3: rank: “three hundred” is not a rank (expected 57, =57, 101–200 or 1001+)",
        "row 4: table: there is no SDG 18 (1–17)",
    ]
    assert "note: The edition THE Impact Rankings 2022 is new: the import creates it." in out
    assert "  row 2: IMT Atlantique (FR), overall: new, 101–200, score 79.5–85.0, national 1" in out
    assert "Imported: 14 new, 0 updated, 0 unchanged, 0 skipped, 0 errors" in out
    assert "Dry run, nothing written: 0 new, 0 updated, 14 unchanged, 0 skipped, 0 errors" in dry
    assert output.read_bytes().decode("utf-8-sig").splitlines()[0] == (
        "institution,country,table,rank,score,national_rank,category"
    )


def test_the_exit_status_is_1_from_the_shell(tmp_path):
    # A real process, as a script calling the command sees it. It cannot share the test
    # database: it gets a throwaway one, never the repository's db.sqlite3 or the real server.
    repository = Path(__file__).resolve().parents[2]
    local_database = repository / "db.sqlite3"
    there_before = local_database.exists()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_results",
            str(empty),
            "--edition",
            "2021",
            "--dry-run",
        ],
        cwd=repository,
        env=os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'throwaway.sqlite3'}"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "The file is empty."
    assert local_database.exists() == there_before


def test_a_single_the_table_with_its_table_and_another_ranking():
    RankingFactory(slug="other-ranking", name="Other ranking")

    out, _ = run(
        "import_results",
        str(FILES / "the_overall.xlsx"),
        "--edition",
        "2021",
        "--table",
        "Computer science",
        "--ranking",
        "other-ranking",
    )

    # Another ranking's tables are subjects, not SDGs: the import names and creates it.
    assert "Imported: 10 new" in out
    assert "1 new subject table(s):\n  Computer science" in out
    assert Edition.objects.get().ranking == Ranking.objects.get(slug="other-ranking")
    assert Ranking.objects.get(slug="other-ranking").subjects.get().results.count() == 10


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match=r"nope\.csv: No such file or directory"):
        run("import_results", "nope.csv", "--edition", "2021")


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_export_writes_a_file_that_imports_back_unchanged(tmp_path, file_format):
    edition = EditionFactory(year=2021)
    ResultFactory(edition=edition, school=SchoolFactory(name="IMT Atlantique"), rank="101-200")
    output = tmp_path / f"results.{file_format}"

    run("export_results", "--edition", "2021", "--format", file_format, "--output", str(output))
    out, _ = run("import_results", str(output), "--edition", "2021")

    assert "Imported: 0 new, 0 updated, 1 unchanged" in out


def test_export_csv_to_standard_output():
    edition = EditionFactory(year=2021)
    ResultFactory(edition=edition, school=SchoolFactory(name="IMT Atlantique"), rank="=57")

    out, _ = run("export_results", "--edition", "2021", "--format", "csv")

    assert out.splitlines() == [
        "institution,country,table,rank,score,national_rank,category",
        "IMT Atlantique,FR,overall,'=57,,,",
    ]


def test_export_of_a_binary_format_needs_an_output_file():
    EditionFactory(year=2021)

    with pytest.raises(CommandError, match=r"XLSX is a binary format: give --output FILE\."):
        run("export_results", "--edition", "2021", "--format", "xlsx")


def test_export_of_a_missing_edition_is_an_error():
    with pytest.raises(CommandError, match="There is no edition 1999"):
        run("export_results", "--edition", "1999")
    assert not Result.objects.exists()
