"""The results import in the editor's language: a French editor gets the whole report in French.

The management commands stay English (test_import_commands.py); here the admin's preview and
confirm, the service's messages and the background worker.
"""

import io
import re
import zipfile
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from rankings.background import run_import_job
from rankings.importing.service import Options, preview_import, run_import
from rankings.models import ImportJob, Result
from tests.factories import EditionFactory, ResultFactory, SchoolFactory
from tests.rankings.import_samples import sample, tables_checksum

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:rankings_result_import")
CONFIRM = reverse("admin:rankings_result_process_import")
FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def text(response) -> str:
    """The page as a reader sees it: entities decoded, no-break spaces as spaces."""
    assert response.status_code == 200
    return unescape(response.content.decode()).replace("\u00a0", " ")


def upload(client, name, *, data=None, year=2021, headers=FR, **fields):
    payload = {
        "import_file": SimpleUploadedFile(name, sample(name) if data is None else data),
        "year": year,
        **fields,
    }
    return client.post(IMPORT, payload, **headers)


def in_french(function, *args, **kwargs):
    with translation.override("fr"):
        return function(*args, **kwargs)


def plain(lines: list[str]) -> list[str]:
    return [line.replace("\u00a0", " ") for line in lines]


@pytest.fixture
def stored_atlantique():
    """IMT Atlantique at 301–400 in 2021: the sample files move it to 101–200."""
    school = SchoolFactory(name="IMT Atlantique", country="FR")
    return ResultFactory(edition=EditionFactory(year=2021), school=school, rank="301-400")


# --- The admin ------------------------------------------------------------------------------


def test_a_bad_file_previewed_in_french_lists_every_error_in_french_with_its_row(data_staff):
    before = tables_checksum()

    page = text(upload(data_staff, "bad_rows.csv"))

    assert "Corrigez ces lignes dans le fichier et envoyez-le de nouveau" in page
    for line in [
        "ligne 3 : rank : « three hundred » n’est pas un rang (attendu : 57, =57, 101–200 ou 1001+)",
        "ligne 4 : table : l’ODD 18 n’existe pas (1–17)",
        "ligne 5 : institution : vide",
        "ligne 6 : country : pays inconnu « Atlantis » (utilisez un code ISO comme FR, "
        "ou son nom en anglais)",
        "ligne 7 : institution : IMT Atlantique (FR) apparaît deux fois dans le classement "
        "général, aux lignes 2 et 7",
    ]:
        assert f"<li>{line}</li>" in page, line
    assert not re.search(r"<li>row \d", page)
    assert 'value="Confirmer l’import"' not in page
    assert tables_checksum() == before


def test_a_french_preview_shows_its_changes_and_notes_in_french(data_staff, stored_atlantique):
    page = text(upload(data_staff, "long.xlsx"))

    assert "XLSX, format long" in page
    assert '<dd data-count="new">13</dd>' in page
    assert '<dd data-count="updated">1</dd>' in page
    assert "<td>301–400</td>" in page  # the stored rank, before
    assert "<td>101–200, score 79,5–85,0, rang national 1</td>" in page
    assert "<td>global</td>" in page
    assert "<td>ODD 7</td>" in page
    assert "score 79.5" not in page
    assert 'value="Confirmer l’import"' in page


def test_a_french_preview_notes_the_decoding_the_new_edition_and_the_ignored_columns(
    data_staff,
):
    data = sample("long_cp1252.csv").replace(b"national_rank", b"national_rank;remarks", 1)

    page = text(upload(data_staff, "long_cp1252.csv", data=data, year=2022))

    assert "L’édition THE Impact Rankings 2022 est nouvelle : l’import la crée." in page
    assert "Le fichier n’est pas en UTF-8 : il a été lu en Windows-1252" in page
    assert "Colonnes ignorées : remarks." in page
    assert "The file is not UTF-8" not in page


def test_a_whole_table_confirmed_in_french_says_what_it_derived_and_did_in_french(data_staff):
    preview = upload(data_staff, "the_overall.csv", table="overall")
    page = text(preview)

    assert "CSV, format classement de THE seul" in page
    assert (
        "Le classement général est complet (10 établissements) : les rangs nationaux que le "
        "fichier omet en sont déduits." in page
    )
    assert "Établissements classés dans l’édition : 10, dans 6 pays (France : 2)." in page

    confirmed = data_staff.post(CONFIRM, preview.context["confirm_form"].initial, follow=True, **FR)

    assert plain([str(m) for m in confirmed.context["messages"]]) == [
        "Importé dans THE Impact Rankings 2021 : "
        "10 nouveaux, 0 mis à jour, 0 inchangé, 0 ignoré, 0 erreur."
    ]
    assert Result.objects.count() == 10


def test_a_preview_in_french_and_a_confirm_in_english_agree(data_staff, stored_atlantique):
    preview = upload(data_staff, "long.csv")
    assert "101–200, score 79,5–85,0, rang national 1" in text(preview)

    confirmed = data_staff.post(CONFIRM, preview.context["confirm_form"].initial, follow=True, **EN)

    # No "the data changed since the preview": the fingerprint holds values, not words.
    assert [str(m) for m in confirmed.context["messages"]] == [
        "Imported into THE Impact Rankings 2021: "
        "13 new, 1 updated, 0 unchanged, 0 skipped, 0 errors."
    ]
    assert str(Result.objects.get(pk=stored_atlantique.pk).rank) == "101–200"


def test_a_confirm_refused_in_french_says_why_in_french(data_staff, stored_atlantique):
    confirm = upload(data_staff, "long.csv").context["confirm_form"].initial
    stored_atlantique.rank = "1"
    stored_atlantique.save()
    before = tables_checksum()

    page = text(data_staff.post(CONFIRM, confirm, **FR))

    assert "Rien n’a été écrit." in page
    assert "Les données ont changé depuis l’aperçu" in page
    assert tables_checksum() == before


# --- The service ----------------------------------------------------------------------------


def test_the_fingerprint_is_the_same_in_every_language(stored_atlantique):
    data = sample("long.csv")
    options = Options(year=2021, filename="long.csv")

    french = in_french(preview_import, data, options=options)
    english = preview_import(data, options=options)
    report = run_import(data, options=options, expected_fingerprint=french.fingerprint)

    assert french.fingerprint == english.fingerprint
    assert [c.status for c in french.changes] == [c.status for c in english.changes]
    assert report.written, report.errors


def test_the_same_values_are_described_in_each_language_in_turn():
    data = b"institution,country,table,rank,score,national_rank\nIMT,FR,overall,101-200,72.5,3\n"
    options = Options(year=2021)

    def described(language):
        with translation.override(language):
            change = preview_import(data, options=options).changes[0]
            return change.old, change.new, str(change)

    english, french, english_again = described("en"), described("fr"), described("en")

    assert (
        english
        == english_again
        == (
            "no rank",
            "101–200, score 72.5, national 3",
            "row 2: IMT (FR), overall: new, 101–200, score 72.5, national 3",
        )
    )
    assert plain(list(french)) == [
        "aucun rang",
        "101–200, score 72,5, rang national 3",
        "ligne 2 : IMT (FR), global : nouveau, 101–200, score 72,5, rang national 3",
    ]


def test_a_french_summary_agrees_each_word_with_its_count_and_groups_thousands():
    rows = [f"University {n},DE,overall,{n + 1}\n" for n in range(1001)]
    rows.insert(500, ",,,\n")  # a blank row amid the data is skipped
    data = ("institution,country,table,rank\n" + "".join(rows)).encode()

    report = in_french(preview_import, data, options=Options(year=2021))
    summary = in_french(report.summary)

    assert summary == "1\u00a0001 nouveaux, 0 mis à jour, 0 inchangé, 1 ignoré, 0 erreur"
    assert report.summary() == "1,001 new, 0 updated, 0 unchanged, 1 skipped, 0 errors"


def test_stored_institutions_a_whole_table_leaves_out_are_named_in_french():
    edition = EditionFactory(year=2021)
    for n in range(7):
        ResultFactory(edition=edition, school=SchoolFactory(name=f"School {n}"), rank=str(n + 2))
    data = b"institution,country,table,rank\nNewcomer,FR,overall,1\n"

    report = in_french(preview_import, data, options=Options(year=2021))

    assert plain([in_french(str, warning) for warning in report.warnings]) == [
        "Le classement général du fichier est complet, mais 7 établissements qui y sont "
        "enregistrés ne sont pas dans le fichier : School 0, School 1, School 2, School 3, "
        "School 4 et 2 autres. L’import laisse leurs résultats tels quels ; supprimez-les "
        "dans l’administration s’ils doivent disparaître."
    ]


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "settings_value", "message"),
    [
        (b"", None, r"Le fichier est vide\."),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            None,
            r"Le fichier \.xls ne peut pas être lu : il est endommagé, protégé par un mot de "
            r"passe, ou n’est pas un classeur Excel\. Ouvrez-le et enregistrez-le en \.xlsx ou "
            r"en CSV UTF-8\.",
        ),
        (
            zip_bomb(),
            None,
            r"Le classeur est compressé \d+ fois \(limite : 150\) : il ressemble à une bombe "
            r"de décompression et n’a pas été ouvert\.",
        ),
        (
            b"institution,country,table,rank\nA,FR,overall,1\nB,FR,overall,2\nC,FR,overall,3\n",
            ("RESULTS_IMPORT_MAX_ROWS", 2),
            r"Le fichier a plus de 2 lignes, la limite\.",
        ),
        (
            b"name,rank\nA,1\n",
            None,
            r"ligne 1 : la ligne d’en-tête ne correspond à aucun format connu ; il manque : "
            r"pays\. Formats attendus : long .* ou un classement de THE seul .*",
        ),
        (
            b"rank,name,country\n1,A,FR\n",
            None,
            r"C’est un classement de THE seul \(rang, nom, pays\) : indiquez de quel tableau "
            r"il s’agit .*",
        ),
        (
            b",,,\n" * 10 + b"institution,country,table,rank\nA,FR,overall,1\n",
            None,
            r"ligne 1 : vide : l’en-tête \(établissement, pays, …\) doit être la première "
            r"ligne ; supprimez les lignes vides au-dessus\.",
        ),
    ],
    ids=[
        "empty",
        "xls",
        "zip-bomb",
        "too-many-rows",
        "unknown-header",
        "table-unsaid",
        "no-header-under-blank-rows",
    ],
)
def test_file_level_errors_are_french(settings, data, settings_value, message):
    if settings_value:
        setattr(settings, *settings_value)

    errors = plain(in_french(preview_import, data, options=Options(year=2021)).errors)

    assert len(errors) == 1, errors
    assert re.fullmatch(message, errors[0]), errors[0]


@pytest.mark.parametrize("name", ["formula.xlsx", "formula.ods"])
def test_formula_cells_are_refused_in_french(name):
    report = in_french(preview_import, sample(name), options=Options(year=2021, filename=name))

    assert plain(report.errors)[0].startswith("ligne 3 : rank : une formule (")
    assert report.errors[0].endswith("collez plutôt les valeurs")


# --- In the background ----------------------------------------------------------------------


def queue_in_admin(client, headers, django_capture_on_commit_callbacks) -> ImportJob:
    preview = upload(client, "the_overall.csv", table="overall", headers=headers)
    with django_capture_on_commit_callbacks():
        confirmed = client.post(CONFIRM, preview.context["confirm_form"].initial, **headers)
    assert confirmed.status_code == 302
    # The worker is another process: what the editor's request left active is not its language.
    translation.activate("en" if headers is FR else "fr")
    return ImportJob.objects.get()


def test_a_background_import_started_by_a_french_editor_reports_in_french(
    data_staff, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    job = queue_in_admin(data_staff, FR, django_capture_on_commit_callbacks)
    assert job.language == "fr"

    assert run_import_job.call(job.pk) == ImportJob.Status.SUCCEEDED

    job.refresh_from_db()
    assert plain([job.summary]) == ["10 nouveaux, 0 mis à jour, 0 inchangé, 0 ignoré, 0 erreur"]
    page = text(data_staff.get(reverse("admin:rankings_importjob_change", args=[job.pk]), **FR))
    assert "<strong>Importé</strong> : 10 nouveaux, 0 mis à jour" in page


def test_a_failed_background_import_records_its_errors_in_the_editor_s_french(
    data_staff, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    job = queue_in_admin(data_staff, FR, django_capture_on_commit_callbacks)
    bad = sample("the_overall.csv").replace(b"\n6,", b"\nsixth,")
    ImportJob.objects.filter(pk=job.pk).update(data=bad)

    assert run_import_job.call(job.pk) == ImportJob.Status.FAILED

    job.refresh_from_db()
    assert job.summary == "Rien n’a été écrit."
    assert plain(job.errors) == [
        "ligne 7 : Rank : « sixth » n’est pas un rang (attendu : 57, =57, 101–200 ou 1001+)"
    ]
    assert not Result.objects.exists()


def test_a_background_import_started_by_an_english_editor_stays_english(
    data_staff, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    job = queue_in_admin(data_staff, EN, django_capture_on_commit_callbacks)
    assert job.language == "en"

    run_import_job.call(job.pk)  # with French active in this thread

    job.refresh_from_db()
    assert job.summary == "10 new, 0 updated, 0 unchanged, 0 skipped, 0 errors"


def test_a_job_without_a_language_reports_in_the_site_s_language(
    data_staff, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    job = queue_in_admin(data_staff, FR, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(language="")  # queued before the field existed
    translation.activate("fr")

    run_import_job.call(job.pk)

    job.refresh_from_db()
    assert job.summary == "10 new, 0 updated, 0 unchanged, 0 skipped, 0 errors"
