"""The import page of a large file: how many rows of each kind, then the first rows of each kind
that need the editor's eye, in the editor's language (spreadsheets/preview.py, through the
schools import)."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.results import Result, RowResult

from spreadsheets.preview import SHOWN, import_preview
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def _preview(client, content, **headers):
    return client.post(
        reverse("admin:schools_school_import"),
        {"import_file": SimpleUploadedFile("s.csv", content), "format": "0", "resource": "0"},
        **headers,
    )


def _text(response) -> str:
    """The page as a reader sees it: no tags, entities decoded, no-break spaces as spaces."""
    text = unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _counts(response) -> dict[str, str]:
    page = response.content.decode()
    return dict(re.findall(r'<td data-count="(\w+)">([^<]*)</td>', page))


def _listed(response) -> list[str]:
    """The first cell of each row of the preview's tables: the rows' numbers."""
    page = response.content.decode()
    tables = re.findall(r'<table class="import-preview">(.*?)</table>', page, re.S)
    return [
        number for table in tables for number in re.findall(r"<tr[^>]*>\s*<td>(\d+)</td>", table)
    ]


def _a_large_file() -> bytes:
    """Row 2 updates a stored school, row 3 leaves one as it is, row 4 is blank, rows 5 to 109
    are 105 new schools."""
    SchoolFactory(slug="moved", name="Moved School", country="FR", city="Brest", kind="other")
    SchoolFactory(slug="still", name="Still School", country="FR", city="Paris", kind="other")
    lines = [
        "slug,name,country,city,kind",
        "moved,Moved School,FR,Lyon,other",
        "still,Still School,FR,Paris,other",
        "",
        *(f"new-{n},New School {n},DE,Berlin,other" for n in range(105)),
    ]
    return ("\n".join(lines) + "\n").encode()


def test_a_large_file_is_counted_by_kind_and_the_first_rows_of_each_kind_listed(data_staff):
    response = _preview(data_staff, _a_large_file())

    assert _counts(response) == {
        "new": "105",
        "update": "1",
        "skip": "1",
        "blank": "1",
        "invalid": "0",
    }
    text = _text(response)
    assert "108 rows" in text
    assert "New Updated Unchanged Skipped (blank) Invalid" in text
    # The updated row first, then the first 100 new ones; the unchanged row is only counted.
    assert text.index("Updated rows") < text.index("New rows")
    assert _listed(response) == ["2", *map(str, range(5, 5 + SHOWN))]
    assert "The first 100 rows of 105" in text
    assert "… and 5 more new rows." in text
    assert "New School 99" in text
    assert "New School 100" not in text
    assert 'value="Confirm import"' in response.content.decode()


def test_the_counts_and_the_rows_left_out_are_told_in_french(data_staff):
    response = _preview(data_staff, _a_large_file(), **FR)

    text = _text(response)
    assert "108 lignes" in text
    assert "Nouvelles Mises à jour Inchangées Ignorées (vides) Invalides" in text
    assert "Lignes mises à jour" in text
    assert "Nouvelles lignes" in text
    assert "Les 100 premières lignes sur 105" in text
    assert "… et 5 autres nouvelles lignes." in text


def test_counts_are_grouped_as_the_editor_s_language_writes_them(data_staff):
    lines = ["slug,name,country", *(f"s-{n},School {n},FR" for n in range(1200))]
    content = ("\n".join(lines) + "\n").encode()

    assert _counts(_preview(data_staff, content))["new"] == "1,200"
    french = _counts(_preview(data_staff, content, **FR))["new"]
    assert french.replace("\u00a0", " ").replace("\u202f", " ") == "1 200"


def _many_invalid_rows() -> bytes:
    lines = ["slug,name,country", "fine,Fine School,FR"]
    lines += [f"bad-{n},Bad School {n},XX" for n in range(SHOWN + 3)]
    return ("\n".join(lines) + "\n").encode()


def test_the_first_invalid_rows_are_listed_with_their_messages_and_the_others_counted(data_staff):
    response = _preview(data_staff, _many_invalid_rows())

    text = _text(response)
    assert _counts(response)["invalid"] == "103"
    assert _counts(response)["new"] == "1"
    assert "Invalid rows" in text
    assert _listed(response) == [str(number) for number in range(3, 3 + SHOWN)]
    # Every listed row says what is wrong, on the page, not in a box that opens on hover.
    assert text.count("country: unknown country “XX”") == SHOWN
    assert "validation-error-container" not in response.content.decode()
    assert "… and 3 more invalid rows." in text
    assert 'value="Confirm import"' not in response.content.decode()


def test_the_invalid_rows_left_out_are_told_in_french(data_staff):
    text = _text(_preview(data_staff, _many_invalid_rows(), **FR))

    assert "Lignes invalides" in text
    assert "Les 100 premières lignes sur 103" in text
    assert "… et 3 autres lignes invalides." in text


def test_a_row_that_fails_unexpectedly_is_told_under_its_spreadsheet_row_number(
    data_staff, monkeypatch
):
    from schools import resources

    def fails_on_one_name(name):
        if name == "Broken School":
            raise RuntimeError("the disk is full")
        return name.casefold()

    monkeypatch.setattr(resources, "name_key", fails_on_one_name)
    content = b"slug,name,country\na,Good School,FR\n\nb,Broken School,FR\n"

    response = _preview(data_staff, content)

    text = _text(response)
    assert "row 4: the disk is full" in text
    assert _counts(response)["error"] == "1"
    assert "With errors" in text


def test_a_file_that_changes_nothing_says_so(data_staff):
    SchoolFactory(slug="same", name="Same School", country="FR", city="", kind="other")

    text = _text(_preview(data_staff, b"slug,name,country,city,kind\nsame,Same School,FR,,other\n"))

    assert "Every row of the file is already as it says: confirming changes nothing." in text


def test_deleted_and_error_counts_appear_only_when_a_file_has_such_rows():
    result = Result()
    result.total_rows = 3
    for kind in (
        RowResult.IMPORT_TYPE_NEW,
        RowResult.IMPORT_TYPE_DELETE,
        RowResult.IMPORT_TYPE_NEW,
    ):
        row = RowResult()
        row.import_type = kind
        result.append_row_result(row)
        result.increment_row_result_total(row)

    preview = import_preview(result, shown=1)

    assert [(count.kind, count.number) for count in preview.counts] == [
        ("new", 2),
        ("update", 0),
        ("skip", 0),
        ("delete", 1),
        ("blank", 0),
        ("invalid", 0),
    ]
    assert [(rows.kind, len(rows.rows), rows.more) for rows in preview.changes] == [
        ("new", 1, 1),
        ("delete", 1, 0),
    ]
    assert preview.changes[0].more_text == "… and 1 more new row."
