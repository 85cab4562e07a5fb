"""Importing and exporting a ranking other than THE Impact: the table column holds `overall`
or a subject's name; new subjects are listed by the preview and created at confirm; an export
imports back unchanged."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from rankings.exporting import export_results, export_rows
from rankings.importing.service import Options, preview_import, run_import
from rankings.models import Edition, Result, SDGResult, Subject, SubjectResult
from rankings.ranks import Rank
from tests.factories import RankingFactory, SubjectFactory
from tests.rankings.import_samples import sample

pytestmark = pytest.mark.django_db

SUBJECTS = "the-subjects"


@pytest.fixture
def ranking(db):
    return RankingFactory(slug=SUBJECTS, name="THE World University Rankings by subject")


def options(**kwargs):
    return Options(**{"year": 2021, "ranking": SUBJECTS, **kwargs})


def csv(text: str) -> bytes:
    return text.strip().encode()


def stored_subjects():
    return {
        (e.result.school.name, e.subject.name, str(e.rank), e.score_low)
        for e in SubjectResult.objects.select_related("result__school", "subject")
    }


def test_an_import_creates_the_subject_tables_it_names(ranking):
    preview = preview_import(sample("subjects_long.csv"), options=options())
    assert preview.ok, preview.errors
    assert preview.new_subjects == ["Computer science", "Engineering and technology"]
    assert not Subject.objects.exists()  # the preview writes nothing

    report = run_import(
        sample("subjects_long.csv"), options=options(), expected_fingerprint=preview.fingerprint
    )

    assert report.written
    assert (report.new, report.updated) == (7, 0)
    subjects = dict(ranking.subjects.values_list("slug", "name_en"))
    assert subjects == {
        "computer-science": "Computer science",
        "engineering-and-technology": "Engineering and technology",
    }
    # THE's bands of every size and open bands past 1000, as the file gives them.
    assert stored_subjects() == {
        ("IMT Atlantique", "Computer science", "151–175", None),
        ("IMT Atlantique", "Engineering and technology", "201–250", None),
        ("Télécom Paris", "Computer science", "=101", Decimal("62.4")),
        ("Universidad de Chile", "Engineering and technology", "1001+", None),
    }
    overall = dict(Result.objects.values_list("school__name", "rank_low"))
    assert overall == {"IMT Atlantique": 351, "Télécom Paris": 201, "Universidad de Chile": 1201}
    assert not SDGResult.objects.exists()


def test_a_subject_is_matched_by_name_whatever_the_spelling(ranking):
    existing = SubjectFactory(ranking=ranking, name="Computer Science", slug="cs")
    existing.name_fr = "Informatique"
    existing.save()

    report = run_import(sample("subjects_long.csv"), options=options())

    assert report.written
    assert report.new_subjects == ["Engineering and technology"]
    assert existing.results.count() == 2
    assert ranking.subjects.count() == 2


def test_reimporting_the_same_file_changes_nothing(ranking):
    run_import(sample("subjects_long.csv"), options=options())

    again = run_import(sample("subjects_long.csv"), options=options())

    assert (again.new, again.updated, again.unchanged) == (0, 0, 7)
    assert again.new_subjects == []
    assert SubjectResult.objects.count() == 4


def test_a_moved_subject_position_is_an_update(ranking):
    run_import(sample("subjects_long.csv"), options=options())
    moved = csv("""
institution,country,table,rank
IMT Atlantique,FR,Computer science,126–150
""")

    report = run_import(moved, options=options())

    assert (report.new, report.updated) == (0, 1)
    assert str(report.changes[0]) == (
        "row 2: IMT Atlantique (FR), Computer science: 151–175 → 126–150"
    )
    entry = SubjectResult.objects.get(
        subject__slug="computer-science", result__school__name="IMT Atlantique"
    )
    assert entry.rank == Rank(126, 150)


def test_an_sdg_is_not_a_subject_of_another_ranking(ranking):
    wrong = csv("""
institution,country,table,rank
IMT Atlantique,FR,SDG 11,101–200
""")

    report = preview_import(wrong, options=options())

    assert report.errors == [
        "row 2: table: “SDG 11” is an SDG, and only THE Impact Rankings has SDG tables: give "
        "the subject's name (Computer science), or import into THE Impact"
    ]


def test_the_preview_speaks_french(ranking):
    with translation.override("fr"):
        report = preview_import(sample("subjects_long.csv"), options=options())
        wrong = preview_import(
            csv("institution,pays,tableau,rang\nIMT Atlantique,FR,odd 3,12"), options=options()
        )
    assert (
        "Nouveaux classements par discipline, que l’import crée\u00a0: Computer science, "
        "Engineering and technology." in report.notes
    )
    assert wrong.errors == [
        "ligne 2\u00a0: tableau\u00a0: «\u00a0odd 3\u00a0» est un ODD, et seul le THE Impact "
        "Rankings a des classements par ODD\u00a0: donnez le nom de la discipline "
        "(Computer science), ou importez dans THE Impact"
    ]


def test_a_national_ranking_takes_exact_positions_past_100():
    RankingFactory(slug="letudiant", name="L'Étudiant", scope="national", country="FR")
    rows = "\n".join(
        ["institution,country,table,rank"] + [f"École {n},FR,overall,{n}" for n in range(1, 168)]
    )

    report = run_import(csv(rows), options=options(ranking="letudiant", year=2020))

    assert report.written
    edition = Edition.objects.get(ranking__slug="letudiant")
    assert edition.institutions_ranked == 167  # the whole table: "167 schools evaluated"
    assert Result.objects.get(school__name="École 167").rank == Rank.exact(167)


def test_the_table_option_names_a_subject_for_a_single_table(ranking):
    single = csv("rank,name,country\n151–175,IMT Atlantique,FR\n176–200,Mines Saint-Étienne,FR")

    report = run_import(single, options=options(table="Computer science"))

    assert report.written
    assert ranking.subjects.get().results.count() == 2


# --- Export ----------------------------------------------------------------------------------
def test_the_export_writes_the_subject_names_and_imports_back_unchanged(ranking):
    run_import(sample("subjects_long.csv"), options=options())
    edition = Edition.objects.get(ranking=ranking)

    rows = list(export_rows(edition))

    # The last column is the category, unknown here.
    assert [row[:-1] for row in rows[1:]] == [
        ["Télécom Paris", "FR", "overall", "201–250", "", "6"],
        ["IMT Atlantique", "FR", "overall", "351–400", "", "10"],
        ["Universidad de Chile", "CL", "overall", "1201+", "", ""],
        ["Télécom Paris", "FR", "Computer science", "=101", "62.4", ""],
        ["IMT Atlantique", "FR", "Computer science", "151–175", "", ""],
        ["IMT Atlantique", "FR", "Engineering and technology", "201–250", "", ""],
        ["Universidad de Chile", "CL", "Engineering and technology", "1001+", "", ""],
    ]
    assert {row[-1] for row in rows[1:]} == {""}
    for file_format in ("csv", "xlsx", "ods"):
        again = run_import(
            export_results(edition, file_format), options=options(filename=f"x.{file_format}")
        )
        assert again.ok, again.errors
        assert (again.new, again.updated, again.unchanged) == (0, 0, 7)


def test_the_commands_import_and_export_another_ranking(ranking, tmp_path):
    path = tmp_path / "subjects.csv"
    path.write_bytes(sample("subjects_long.csv"))
    out = io.StringIO()
    call_command(
        "import_results", str(path), "--ranking", SUBJECTS, "--edition", "2021", stdout=out
    )
    assert "2 new subject table(s):\n  Computer science\n  Engineering and technology" in (
        out.getvalue()
    )
    exported = tmp_path / "export.xlsx"
    call_command(
        "export_results",
        "--ranking",
        SUBJECTS,
        "--edition",
        "2021",
        "--format",
        "xlsx",
        "--output",
        str(exported),
        stderr=io.StringIO(),
    )
    again = io.StringIO()
    call_command(
        "import_results", str(exported), "--ranking", SUBJECTS, "--edition", "2021", stdout=again
    )
    assert "Imported: 0 new, 0 updated, 7 unchanged" in again.getvalue()


def test_an_unknown_ranking_is_refused_by_the_command(tmp_path):
    path = tmp_path / "subjects.csv"
    path.write_bytes(sample("subjects_long.csv"))
    with pytest.raises(CommandError):
        call_command(
            "import_results",
            str(path),
            "--ranking",
            "nope",
            "--edition",
            "2021",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Edition.objects.exists()
