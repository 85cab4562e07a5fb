"""Schools and press contacts through the library's admin import/export, its sharp edges filed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["admin:schools_school_import", "admin:schools_school_export"])
def test_staff_without_the_import_or_export_permission_get_403(editor, name):
    assert editor.get(reverse(name)).status_code == 403


def test_data_staff_who_may_only_view_contacts_may_not_import_them(data_staff):
    assert data_staff.get(reverse("admin:schools_presscontact_import")).status_code == 403


def test_school_export_escapes_every_formula_start(data_staff):
    SchoolFactory(name="@SUM(1)", slug="at-sum")
    SchoolFactory(name="-2+3", slug="minus")

    response = data_staff.post(
        reverse("admin:schools_school_export"),
        {"format": "0", "resource": "0", "schoolresource_name": True, "schoolresource_slug": True},
    )

    text = response.content.decode("utf-8-sig")
    assert "'@SUM(1)" in text
    assert "'-2+3" in text


def _upload_schools(client, name, content):
    return client.post(
        reverse("admin:schools_school_import"),
        {
            "import_file": SimpleUploadedFile(name, content),
            "format": _format_index(name),
            "resource": "0",
        },
    )


def _format_index(name):
    return {"csv": "0", "xlsx": "1", "ods": "2"}[name.rsplit(".", 1)[1]]


def test_school_import_validates_models_and_confirms_nothing_invalid(data_staff):
    content = b"slug,name,country,kind\nnew-school,New School,FR,member\n"

    page = _upload_schools(data_staff, "schools.csv", content).content.decode()

    # clean_model_instances: a member school without a group breaks a constraint.
    assert "A member, subsidiary or partner school needs a group." in page
    assert 'value="Confirm import"' not in page


def test_school_import_reads_ods_and_the_first_xlsx_sheet(data_staff):
    from spreadsheets.writing import to_ods

    content = to_ods(iter([["slug", "name", "country"], ["", "École Test", "FR"]]), title="Schools")

    preview = _upload_schools(data_staff, "schools.ods", content)
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"].initial
    data_staff.post(reverse("admin:schools_school_process_import"), confirm)

    from schools.models import School

    assert School.objects.get(name="École Test").slug == "ecole-test"


def test_school_confirm_that_fails_validation_reports_an_error_not_success(data_staff):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["slug", "name", "country"])
    book.active.append(["ok", "Okay School", "FR"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = _upload_schools(data_staff, "schools.xlsx", buffer.getvalue())
    confirm = preview.context["confirm_form"].initial
    # Between preview and confirm someone takes the name in the same country.
    SchoolFactory(name="Okay School", country="FR", slug="taken")

    response = data_staff.post(reverse("admin:schools_school_process_import"), confirm, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages[0].startswith("Nothing was imported")
    assert not any(m.startswith("Import finished") for m in messages)
    from schools.models import School

    assert list(School.objects.values_list("slug", flat=True)) == ["taken"]


def test_school_import_reads_the_first_xlsx_sheet_not_the_active_one(data_staff):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Schools"
    book.active.append(["slug", "name", "country"])
    book.active.append(["", "First Sheet School", "FR"])
    notes = book.create_sheet("Notes")
    notes.append(["slug", "name", "country"])
    notes.append(["", "Notes Sheet School", "FR"])
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)

    preview = _upload_schools(data_staff, "schools.xlsx", buffer.getvalue())
    data_staff.post(
        reverse("admin:schools_school_process_import"), preview.context["confirm_form"].initial
    )

    from schools.models import School

    assert list(School.objects.values_list("name", flat=True)) == ["First Sheet School"]


def test_school_export_to_xlsx_writes_text_not_formulas(data_staff):
    from openpyxl import load_workbook

    SchoolFactory(name="=HYPERLINK(1)", slug="hyperlink")

    response = data_staff.post(
        reverse("admin:schools_school_export"),
        {"format": "1", "resource": "0", "schoolresource_name": True},
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet["A2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


@pytest.mark.django_db(transaction=True)
def test_school_import_does_not_reset_the_id_sequence(data_staff, postgresql_only):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    preview = _upload_schools(data_staff, "schools.csv", b"slug,name,country\n,Seq School,FR\n")
    with CaptureQueriesContext(connection) as queries:
        data_staff.post(
            reverse("admin:schools_school_process_import"), preview.context["confirm_form"].initial
        )

    assert any("INSERT" in q["sql"] for q in queries)
    # The library's after_import runs setval() on the table's sequence, which collides
    # between two imports running at once on PostgreSQL.
    assert not any("setval" in q["sql"].lower() for q in queries)


def test_press_contacts_import_by_group_slug_in_both_languages(editor):
    from schools.models import PressContact
    from tests.factories import GroupFactory

    GroupFactory(slug="imt", name="Institut Mines-Télécom")
    content = (
        "group,name,role_en,role_fr,organisation,email,order\n"
        "imt,Jane Doe,Press officer,Attachée de presse,Institut Mines-Télécom,jane@example.org,1\n"
    ).encode()

    preview = editor.post(
        reverse("admin:schools_presscontact_import"),
        {
            "import_file": SimpleUploadedFile("contacts.csv", content),
            "format": "0",
            "resource": "0",
        },
    )
    editor.post(
        reverse("admin:schools_presscontact_process_import"),
        preview.context["confirm_form"].initial,
    )

    contact = PressContact.objects.get()
    assert (contact.group.slug, contact.role_en, contact.role_fr) == (
        "imt",
        "Press officer",
        "Attachée de presse",
    )


def test_a_press_contact_with_a_bad_email_is_refused(editor):
    from tests.factories import GroupFactory

    GroupFactory(slug="imt")
    content = b"group,name,email\nimt,Jane Doe,not-an-address\n"

    page = editor.post(
        reverse("admin:schools_presscontact_import"),
        {
            "import_file": SimpleUploadedFile("contacts.csv", content),
            "format": "0",
            "resource": "0",
        },
    ).content.decode()

    assert "Enter a valid email address." in page
    assert 'value="Confirm import"' not in page


def test_school_csv_in_windows_1252_with_semicolons_is_read(data_staff):
    from schools.models import School

    content = "slug;name;country\n;Télécom Paris;FR\n".encode("cp1252")

    preview = _upload_schools(data_staff, "schools.csv", content)
    data_staff.post(
        reverse("admin:schools_school_process_import"), preview.context["confirm_form"].initial
    )

    assert School.objects.get().name == "Télécom Paris"


def test_the_upload_waits_for_confirm_in_the_shared_cache_not_on_disk(data_staff):
    from django.core.cache import cache

    preview = _upload_schools(data_staff, "schools.csv", b"slug,name,country\n,Cached School,FR\n")

    name = preview.context["confirm_form"].initial["import_file_name"]
    assert cache.get(f"django-import-export-{name}") == b"slug,name,country\n,Cached School,FR\n"


def _invalid_rows(preview):
    return [
        (row.number, {column: [str(e) for e in errors]})
        for row in preview.context["result"].invalid_rows
        for column, errors in row.field_specific_errors.items()
    ]


def test_a_blank_line_above_the_header_is_passed_over_not_a_server_error(data_staff):
    from schools.models import School

    preview = _upload_schools(data_staff, "schools.csv", b"\r\nslug,name,country\r\n,Blank,FR\r\n")
    data_staff.post(
        reverse("admin:schools_school_process_import"), preview.context["confirm_form"].initial
    )

    assert School.objects.get().name == "Blank"


def test_rows_with_errors_are_numbered_as_a_spreadsheet_program_shows_them(data_staff):
    # Header row 1, a good row 2, a blank row 3 the reader leaves out, the bad row 4.
    content = b"slug,name,country\n,Good School,FR\n\n,,FR\n"

    preview = _upload_schools(data_staff, "schools.csv", content)

    assert _invalid_rows(preview) == [(4, {"name": ["This field cannot be blank."]})]


def test_a_key_given_twice_in_the_file_is_refused_not_the_first_row_replaced(data_staff):
    from schools.models import School

    content = b"slug,name,country\nx,First School,FR\nx,Second School,FR\n"

    preview = _upload_schools(data_staff, "schools.csv", content)

    assert _invalid_rows(preview) == [(3, {"slug": ["the same slug as row 2"]})]
    assert "confirm_form" not in preview.context
    assert not School.objects.exists()


def test_a_press_contact_given_twice_in_the_file_is_refused(editor):
    from tests.factories import GroupFactory

    GroupFactory(slug="imt")
    content = b"group,name,email\nimt,Jane Doe,a@example.org\nimt,Jane  Doe,b@example.org\n"

    preview = editor.post(
        reverse("admin:schools_presscontact_import"),
        {"import_file": SimpleUploadedFile("c.csv", content), "format": "0", "resource": "0"},
    )

    assert _invalid_rows(preview) == [(3, {"name": ["the same group, name as row 2"]})]


def test_a_missing_key_column_is_named_in_the_editors_language(data_staff):
    from html import unescape

    preview = data_staff.post(
        reverse("admin:schools_school_import"),
        {
            "import_file": SimpleUploadedFile("s.csv", b"name,country\nBrest School,FR\n"),
            "format": "0",
            "resource": "0",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    errors = [str(error.error) for error in preview.context["result"].base_errors]
    assert errors == [
        "La ligne d’en-tête n’a pas de colonne slug, qui sert à reconnaître les lignes."
    ]
    page = unescape(preview.content.decode())
    assert errors[0] in page
    # The message, not the library's Python traceback and the server's paths.
    assert [(error.traceback != "") for error in preview.context["result"].base_errors] == [True]
    assert "Traceback" not in page
    assert "site-packages" not in page


def test_confirming_the_same_upload_twice_is_a_message_not_a_server_error(data_staff):
    from schools.models import School

    preview = _upload_schools(data_staff, "schools.csv", b"slug,name,country\n,Twice,FR\n")
    confirm = preview.context["confirm_form"].initial
    data_staff.post(reverse("admin:schools_school_process_import"), confirm)

    again = data_staff.post(reverse("admin:schools_school_process_import"), confirm, follow=True)

    assert again.status_code == 200
    assert [str(m) for m in again.context["messages"]][-1].startswith(
        "Nothing was imported: this upload was already imported"
    )
    assert School.objects.count() == 1


def test_confirm_still_needs_the_import_permission(editor):
    url = reverse("admin:schools_school_process_import")
    assert editor.post(url, {"import_file_name": "x"}).status_code == 403


def test_confirm_is_a_post(data_staff):
    assert data_staff.get(reverse("admin:schools_school_process_import")).status_code == 405


def test_the_preview_shows_a_changed_cell_old_and_new_and_a_new_row_s_cells_as_added(data_staff):
    from schools.models import School

    SchoolFactory(slug="kept", name="Kept School", country="FR", city="Brest", kind="other")
    content = (
        b"slug,name,country,city,kind\n"
        b"kept,Kept School,FR,Lyon,other\n"
        b"new-one,New One,DE,Berlin,other\n"
        b"new-two,New Two,DE,,other\n"
    )

    preview = _upload_schools(data_staff, "schools.csv", content)

    diffs = {row.object_repr: list(row.diff) for row in preview.context["result"].rows}
    headers = preview.context["result"].diff_headers
    cells = {name: dict(zip(headers, diff, strict=True)) for name, diff in diffs.items()}
    assert "Brest</del>" in cells["Kept School"]["city"]
    assert "Lyon</ins>" in cells["Kept School"]["city"]
    assert cells["Kept School"]["name"] == "<span>Kept School</span>"
    # A new row's cells are added, but for what a new school holds anyway (its kind, "other").
    assert "New One</ins>" in cells["New One"]["name"]
    assert "Berlin</ins>" in cells["New One"]["city"]
    assert cells["New One"]["kind"] == cells["New Two"]["kind"] == "<span>other</span>"
    assert cells["New Two"]["city"] == ""
    assert School.objects.count() == 1
