"""The schools import validates in memory (`spreadsheets.validation`) as Django did per row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _preview(client, content):
    return client.post(
        reverse("admin:schools_school_import"),
        {"import_file": SimpleUploadedFile("s.csv", content), "format": "0", "resource": "0"},
    )


def _confirm(client, preview):
    client.post(
        reverse("admin:schools_school_process_import"), preview.context["confirm_form"].initial
    )


def test_a_name_given_twice_in_one_country_is_refused_on_the_second_row(admin_client):
    content = b"slug,name,country\na,Same School,FR\nb,Same  school,FR\nc,Same School,DE\n"

    result = _preview(admin_client, content).context["result"]

    assert [row.number for row in result.invalid_rows] == [3]
    assert "There is already a school of this name in this country" in str(
        result.invalid_rows[0].error_dict
    )


def test_a_name_or_slug_already_stored_is_refused(admin_client):
    SchoolFactory(name="Stored School", country="FR", slug="stored")
    content = b"slug,name,country\nnew,Stored School,FR\n"

    result = _preview(admin_client, content).context["result"]

    assert len(result.invalid_rows) == 1
    assert not School.objects.filter(slug="new").exists()


def test_new_schools_without_a_slug_get_free_slugs_in_file_order(admin_client):
    SchoolFactory(name="Twin", country="FR", slug="twin")
    content = b"slug,name,country\n,Twin,DE\n,Twin,IT\n"

    _confirm(admin_client, _preview(admin_client, content))

    assert sorted(School.objects.values_list("slug", flat=True)) == ["twin", "twin-2", "twin-3"]


def test_a_renamed_school_frees_its_name_for_a_later_row(admin_client):
    SchoolFactory(name="Old Name", country="FR", slug="renamed")
    content = b"slug,name,country\nrenamed,New Name,FR\nnewcomer,Old Name,FR\n"

    preview = _preview(admin_client, content)
    assert not preview.context["result"].invalid_rows
    _confirm(admin_client, preview)

    assert dict(School.objects.values_list("slug", "name")) == {
        "renamed": "New Name",
        "newcomer": "Old Name",
    }


def test_a_confirmed_import_empties_the_cached_pages_though_it_writes_in_bulk(
    admin_client, django_capture_on_commit_callbacks
):
    from common.pagecache import generation

    preview = _preview(admin_client, b"slug,name,country\nnew,New School,FR\n")
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(admin_client, preview)

    assert School.objects.filter(slug="new").exists()
    assert generation() > before


def test_a_wrong_value_repeated_on_many_rows_is_reported_on_each(admin_client):
    # Each distinct value is checked once per import; every row holding it is still refused.
    long_city = "C" * 101
    content = (
        "slug,name,country,city,kind\n"
        f"a,School A,FR,{long_city},other\n"
        "b,School B,FR,Brest,boss\n"
        f"c,School C,FR,{long_city},other\n"
        "d,School D,FR,Brest,boss\n"
    ).encode()

    result = _preview(admin_client, content).context["result"]

    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert sorted(errors) == [2, 3, 4, 5]
    assert errors[2] == errors[4]
    assert errors[2]["city"] == ["Ensure this value has at most 100 characters (it has 101)."]
    assert errors[3] == errors[5]
    assert "“boss” is not one of the accepted values" in errors[3]["kind"][0]


def test_a_file_longer_than_the_preview_s_lists_is_previewed_and_imported_whole(admin_client):
    for n in range(120):
        SchoolFactory(slug=f"kept-{n}", name=f"Kept {n}", country="FR", city="Brest")
    lines = ["slug,name,country,city"]
    lines += [f"kept-{n},Kept {n},FR,Lyon" for n in range(120)]
    lines += [f"new-{n},New {n},DE,Berlin" for n in range(120)]
    preview = _preview(admin_client, ("\n".join(lines) + "\n").encode())

    rows = preview.context["result"].rows
    assert [row.import_type for row in rows] == ["update"] * 120 + ["new"] * 120
    # The page lists the first 100 rows of each kind: only they keep a diff to show.
    assert [row.diff is not None for row in rows] == ([True] * 100 + [False] * 20) * 2
    _confirm(admin_client, preview)

    assert set(School.objects.filter(slug__startswith="kept-").values_list("city", flat=True)) == {
        "Lyon"
    }
    assert School.objects.filter(slug__startswith="new-", city="Berlin").count() == 120
