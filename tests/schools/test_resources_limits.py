"""The schools and press-contacts import: the results import's limits, and a fixed query count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.admin import ImportMixin

from schools.models import PressContact, School
from tests.factories import GroupFactory, SchoolFactory

pytestmark = pytest.mark.django_db

LIBRARY_MESSAGE = "encountered while trying to read file"
MODELS = ["school", "presscontact"]


def _preview(client, model, content, **extra):
    return client.post(
        reverse(f"admin:schools_{model}_import"),
        {
            "import_file": SimpleUploadedFile(f"{model}.csv", content),
            "format": "0",
            "resource": "0",
        },
        **extra,
    )


def _schools_csv(rows, city="Paris"):
    lines = ["slug,name,country,city,kind,group"]
    for n in range(rows):
        kind, group = ("member", "imt") if n % 5 == 0 else ("other", "")
        lines.append(f"school-{n},School {n},FR,{city},{kind},{group}")
    return ("\n".join(lines) + "\n").encode()


def _nothing_written():
    return not School.objects.exists() and not PressContact.objects.exists()


@pytest.mark.parametrize("model", MODELS)
def test_a_file_over_the_upload_limit_is_refused_before_it_is_stored_or_read(
    admin_client, settings, monkeypatch, model
):
    settings.RESULTS_IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024

    def unexpected(*args, **kwargs):
        raise AssertionError("the file was stored or read")

    monkeypatch.setattr(ImportMixin, "write_to_tmp_storage", unexpected)
    monkeypatch.setattr("spreadsheets.formats.read_sheet", unexpected)
    content = b"slug,name,country\n" + b"x" * (3 * 1024 * 1024 // 2)

    page = _preview(admin_client, model, content).content.decode()

    assert "The file is 1.5 MB; the limit is 1.0 MB." in page
    assert LIBRARY_MESSAGE not in page
    assert 'value="Confirm import"' not in page
    assert _nothing_written()


def test_the_upload_limit_is_told_in_french_to_a_french_editor(admin_client, settings):
    settings.RESULTS_IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    content = b"slug,name,country\n" + b"x" * (3 * 1024 * 1024 // 2)

    page = _preview(admin_client, "school", content, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Le fichier fait 1,5\N{NO-BREAK SPACE}Mo" in page or "Le fichier fait 1,5 Mo" in page
    assert LIBRARY_MESSAGE not in page


@pytest.mark.parametrize(
    ("setting", "limit", "content", "message"),
    [
        ("MAX_ROWS", 2, _schools_csv(3), "The file has more than 2 rows, the limit."),
        (
            "MAX_COLUMNS",
            3,
            b"slug,name,country,city\ns,S,FR,Paris\n",
            "row 1: 4 columns; the limit is 3.",
        ),
        (
            "MAX_CELL_CHARS",
            20,
            b"slug,name,country\ns,A name far longer than twenty,FR\n",
            "row 2: a cell holds 29 characters; the limit is 20.",
        ),
    ],
)
@pytest.mark.parametrize("model", MODELS)
def test_too_many_rows_columns_or_characters_are_refused_with_the_results_import_message(
    admin_client, settings, model, setting, limit, content, message
):
    setattr(settings, f"RESULTS_IMPORT_{setting}", limit)

    response = _preview(admin_client, model, content)

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert LIBRARY_MESSAGE not in page
    assert 'value="Confirm import"' not in page
    assert _nothing_written()


def test_a_limit_is_told_in_french_to_a_french_editor(admin_client, settings):
    settings.RESULTS_IMPORT_MAX_ROWS = 2

    page = _preview(
        admin_client, "school", _schools_csv(3), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert "Le fichier a plus de 2 lignes, la limite." in page


# A preview costs the same queries for 10 rows as for 1,200 (the library ran ~20 a row): the
# session and user, the matching rows, the groups, the values in use of each unique field
# and constraint, and the transaction's savepoints (not one more for each thousand rows: a
# preview writes no batch).
PREVIEW_QUERIES = 15


@pytest.mark.parametrize("rows", [10, 200, 1200])
def test_a_schools_preview_costs_the_same_queries_for_10_rows_as_for_1200(
    admin_client, django_assert_num_queries, rows
):
    GroupFactory(slug="imt")
    content = _schools_csv(rows)

    with django_assert_num_queries(PREVIEW_QUERIES):
        new = _preview(admin_client, "school", content)
    assert new.context["confirm_form"] is not None
    assert new.context["result"].totals["new"] == rows


@pytest.mark.parametrize("rows", [10, 200])
def test_a_schools_preview_of_updates_costs_the_same_queries_for_10_rows_as_for_200(
    admin_client, django_assert_num_queries, rows
):
    group = GroupFactory(slug="imt")
    for n in range(rows):
        SchoolFactory(
            slug=f"school-{n}",
            name=f"School {n}",
            country="FR",
            group=group if n % 5 == 0 else None,
            kind="member" if n % 5 == 0 else "other",
        )

    with django_assert_num_queries(PREVIEW_QUERIES):
        updated = _preview(admin_client, "school", _schools_csv(rows, city="Lyon"))
    assert updated.context["result"].totals["update"] == rows
