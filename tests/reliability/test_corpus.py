"""Every corpus file is imported correctly or refused with a message, never half-written."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from rankings.importing.service import Options, preview_import, run_import
from schools.models import School
from tests.reliability.checks import changed_tables, database_state
from tests.reliability.corpus.make_corpus import GOOD, HEADER, ods, xlsx
from tests.reliability.hostile import GENERATED
from tests.reliability.manifest import CASES, Imported, Refused

CORPUS = Path(__file__).parent / "corpus"
IMPORT_TABLES = {
    "rankings_edition",
    "rankings_editioncountry",
    "rankings_result",
    "rankings_sdgresult",
    "rankings_ranking",
    "schools_school",
}


def corpus_bytes(case_name: str) -> tuple[str, bytes]:
    filename = case_name.split("#")[0]
    if filename in GENERATED:
        return filename, GENERATED[filename]()
    return filename, (CORPUS / filename).read_bytes()


def test_every_committed_corpus_file_has_an_expected_outcome():
    files = {path.name for path in CORPUS.iterdir() if path.suffix != ".py"} - {"__pycache__"}
    described = {name.split("#")[0] for name in CASES}

    assert files - described == set()
    assert described - files - set(GENERATED) == set()
    assert len(CASES) >= 40


@pytest.mark.parametrize("case_name", CASES)
def test_corpus_file_is_imported_or_refused_as_the_manifest_says(demo, case_name, tmp_path):
    case = CASES[case_name]
    filename, data = corpus_bytes(case_name)
    # Hostile files exist only at test time: write them where a user's upload would land.
    (tmp_path / filename).write_bytes(data)
    options = Options(year=case.year, filename=filename, **case.options)
    before = database_state()

    preview = preview_import((tmp_path / filename).read_bytes(), options=options)
    assert database_state() == before, "the preview wrote to the database"
    report = run_import(data, options=options, expected_fingerprint=preview.fingerprint or None)

    if isinstance(case.expect, Refused):
        assert not report.written
        assert report.errors, "refused without a message"
        assert case.expect.message in report.errors[0]
        assert preview.errors == report.errors
        assert database_state() == before
        return

    expect: Imported = case.expect
    assert report.errors == []
    assert report.written
    assert (report.new, report.updated, report.skipped) == (
        expect.new,
        expect.updated,
        expect.skipped,
    )
    assert tuple(report.new_institutions) == expect.new_institutions
    if expect.note:
        assert any(expect.note in note for note in report.notes), report.notes
    assert set(changed_tables(before, database_state())) <= IMPORT_TABLES
    # Imported correctly means the same file now changes nothing.
    after = database_state()
    again = run_import(data, options=options)
    assert (again.new, again.updated) == (0, 0)
    assert again.unchanged == report.new + report.updated + report.unchanged
    assert database_state() == after


def test_names_from_a_windows_1252_file_match_the_existing_schools(demo):
    _, data = corpus_bytes("cp1252.csv")
    schools = School.objects.count()

    report = run_import(data, options=Options(year=2022))

    assert report.written
    assert School.objects.count() == schools
    assert School.objects.filter(name="Mines Saint-Étienne", results__edition__year=2022).exists()


ENTITIES_REFUSED = (
    "The spreadsheet is damaged, or holds XML entities (refused for safety): it cannot be read. "
    "Open it and save it again, or save it as CSV UTF-8."
)


WITHOUT_THE_ENTITY = {
    "xxe.xlsx": lambda: xlsx({"Results": [HEADER, *GOOD]}),
    "xxe.ods": lambda: ods([HEADER, *GOOD]),
}


@pytest.mark.parametrize("name", WITHOUT_THE_ENTITY)
def test_an_external_entity_is_refused_for_itself_and_never_read(demo, name):
    # The same workbook without the entity imports: the entity is the file's only fault.
    clean = preview_import(WITHOUT_THE_ENTITY[name](), options=Options(year=2022))
    assert (clean.errors, clean.new) == ([], len(GOOD))

    report = run_import(GENERATED[name](), options=Options(year=2022))

    # Refused at the entity: a row error instead would mean the parser read the file it names.
    assert report.errors == [ENTITIES_REFUSED]
    assert not report.written
    assert not School.objects.filter(name__contains="root:").exists()


COMMITTED_CASES = [
    name for name in CASES if "#" not in name and name.split("#")[0] not in GENERATED
]


@pytest.mark.parametrize("case_name", COMMITTED_CASES)
def test_the_import_command_gives_the_same_outcome_and_exit_status(demo, case_name):
    case = CASES[case_name]
    before = database_state()
    out, err = io.StringIO(), io.StringIO()
    command = ["import_results", str(CORPUS / case_name), "--edition", str(case.year)]

    if isinstance(case.expect, Refused):
        with pytest.raises(CommandError) as error:
            call_command(*command, stdout=out, stderr=err)
        assert error.value.returncode == 1
        assert case.expect.message in err.getvalue() + str(error.value)
        assert database_state() == before
    else:
        call_command(*command, stdout=out, stderr=err)
        assert f"{case.expect.new:,} new, {case.expect.updated:,} updated" in out.getvalue()
