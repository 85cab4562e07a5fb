"""Cells read by the schools and press-contacts imports as the results import reads them.

The project's own CSV escaping undone, formulas refused, spaces trimmed, and every wrong cell
reported against its column in the editor's language.
"""

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import PressContact, School
from tests.factories import GroupFactory, PressContactFactory, SchoolFactory

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1", "ods": "2"}
RESOURCES = {
    "school": ["slug", "name", "short_name", "country", "city", "website", "kind", "group"],
    "presscontact": ["group", "name", "role_en", "role_fr", "organisation", "email", "order"],
}


def _export(client, model, file_format):
    fields = {f"{model}resource_{name}": True for name in RESOURCES[model]}
    response = client.post(
        reverse(f"admin:schools_{model}_export"),
        {"format": FORMATS[file_format], "resource": "0", **fields},
    )
    assert response.status_code == 200
    return response.content


def _preview(client, model, file_format, content, **headers):
    return client.post(
        reverse(f"admin:schools_{model}_import"),
        {
            "import_file": SimpleUploadedFile(f"{model}.{file_format}", content),
            "format": FORMATS[file_format],
            "resource": "0",
        },
        **headers,
    )


def _import(client, model, file_format, content):
    preview = _preview(client, model, file_format, content)
    client.post(
        reverse(f"admin:schools_{model}_process_import"), preview.context["confirm_form"].initial
    )
    return preview.context["result"]


def _errors(preview):
    """Each invalid row's errors by column, as the preview lists them."""
    return [
        {column: [str(e) for e in errors] for column, errors in row.field_specific_errors.items()}
        for row in preview.context["result"].invalid_rows
    ]


def _xlsx(*rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Export then import: nothing changes -------------------------------------------------
@pytest.mark.parametrize("file_format", FORMATS)
def test_schools_exported_then_imported_are_all_unchanged(data_staff, file_format):
    group = GroupFactory(slug="imt")
    SchoolFactory(slug="plus", name="+Plus University", city="=1+2", short_name="-5 Degrees")
    SchoolFactory(slug="-at", name="@Home School", city="-", group=group, kind=School.Kind.MEMBER)
    SchoolFactory(slug="sum", name="=SUM(1)", website="https://example.org/=x")
    SchoolFactory(slug="tis", name="'Tis University", city="'s-Hertogenbosch", short_name="'")
    before = list(School.objects.order_by("pk").values())

    result = _import(data_staff, "school", file_format, _export(data_staff, "school", file_format))

    assert result.totals["skip"] == 4
    assert result.totals["new"] == result.totals["update"] == result.totals["invalid"] == 0
    assert list(School.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("file_format", FORMATS)
def test_press_contacts_exported_then_imported_are_all_unchanged(data_staff, file_format):
    group = GroupFactory(slug="-imt")
    PressContactFactory(
        group=group,
        name="-Jane Doe",
        role_en="=Press officer",
        role_fr="+Attachée de presse",
        organisation="@IMT",
        email="+press@example.org",
        order=3,
    )
    # No French role: None, which an empty cell must give back, not "".
    PressContactFactory(group=group, name="'Tis Jones", organisation="'", role_fr=None)
    before = list(PressContact.objects.order_by("pk").values())

    content = _export(data_staff, "presscontact", file_format)
    result = _import(data_staff, "presscontact", file_format, content)

    assert result.totals["skip"] == 2
    assert result.totals["new"] == result.totals["update"] == result.totals["invalid"] == 0
    assert list(PressContact.objects.order_by("pk").values()) == before


def test_the_csv_escape_of_a_leading_tab_or_carriage_return_is_removed(data_staff):
    content = b"slug,name,country,city\n,'\tTab School,FR,\"'\rBrest\"\n"

    _import(data_staff, "school", "csv", content)

    assert School.objects.values_list("name", "city").get() == ("Tab School", "Brest")


# --- Formulas ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("model", "header", "row", "column"),
    [
        ("school", ["slug", "name", "country", "city"], ["", "Brest School", "FR", None], "city"),
        ("school", ["slug", "name", "country"], [None, "Brest School", "FR"], "slug"),
        ("presscontact", ["group", "name", "order"], ["imt", "Jane Doe", None], "order"),
        ("presscontact", ["group", "name", "order"], [None, "Jane Doe", 1], "group"),
    ],
)
def test_a_formula_cell_is_refused_against_its_column(data_staff, model, header, row, column):
    GroupFactory(slug="imt")
    row[header.index(column)] = '=CONCAT("Br","est")'
    good = {"school": ["", "Good School", "FR", ""], "presscontact": ["imt", "Good Contact", 2]}
    content = _xlsx(header, good[model][: len(header)], row)

    preview = _preview(data_staff, model, "xlsx", content)

    assert _errors(preview) == [
        {column: ['a formula (=CONCAT("Br","est")); paste the values instead']}
    ]
    assert 'value="Confirm import"' not in preview.content.decode()
    assert not School.objects.exists()
    assert not PressContact.objects.exists()


# --- Spaces ------------------------------------------------------------------------------
def test_school_cells_are_trimmed_and_names_keep_single_spaces(data_staff):
    content = (
        "slug,name,short_name,country,city,website\n"
        ",  Spacey \u00a0  School  ,\u00a0Spacey\t\tS ,\u00a0FR , Brest\u00a0, https://example.org/ \n"
    ).encode()

    _import(data_staff, "school", "csv", content)

    school = School.objects.get()
    assert (school.name, school.short_name, school.city, school.website) == (
        "Spacey School",
        "Spacey S",
        "Brest",
        "https://example.org/",
    )
    assert (school.slug, school.country.code) == ("spacey-school", "FR")


def test_a_school_reimported_with_stray_spaces_is_unchanged(data_staff):
    SchoolFactory(slug="brest", name="Brest School", city="Brest")

    result = _import(
        data_staff, "school", "csv", b"slug,name,country,city\nbrest , Brest  School,FR,Brest \n"
    )

    assert result.totals["skip"] == 1
    assert School.objects.values_list("name", "city").get() == ("Brest School", "Brest")


def test_press_contact_cells_are_trimmed(data_staff):
    GroupFactory(slug="imt")
    content = (
        "group,name,organisation,email,order\n imt , Jane\u00a0 Doe ,IMT , j@example.org , 2 \n"
    )

    _import(data_staff, "presscontact", "csv", content.encode())

    contact = PressContact.objects.get()
    assert (contact.group.slug, contact.name, contact.organisation, contact.email) == (
        "imt",
        "Jane Doe",
        "IMT",
        "j@example.org",
    )
    assert contact.order == 2


# --- Errors in the editor's words --------------------------------------------------------
def _contacts_preview(client, body, **headers):
    GroupFactory(slug="imt")
    content = f"group,name,order\n{body}".encode()
    return _preview(client, "presscontact", "csv", content, **headers)


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ("nogroup,Jane Doe,1\n", {"group": ["no group “nogroup”"]}),
        ("imt,Jane Doe,x\n", {"order": ["“x” is not a whole number"]}),
        ("imt,Jane Doe,1.5\n", {"order": ["“1.5” is not a whole number"]}),
    ],
)
def test_a_press_contact_cell_that_cannot_be_read_is_named_with_its_value(data_staff, body, errors):
    preview = _contacts_preview(data_staff, body)

    assert _errors(preview) == [errors]
    assert 'value="Confirm import"' not in preview.content.decode()


def test_a_whole_number_written_with_a_decimal_point_is_read(data_staff):
    GroupFactory(slug="imt")

    _import(data_staff, "presscontact", "csv", b"group,name,order\nimt,Jane Doe,2.0\n")

    assert PressContact.objects.get().order == 2


def test_a_school_in_an_unknown_group_is_named_with_the_group(data_staff):
    content = b"slug,name,country,kind,group\n,New School,FR,member,nogroup\n"

    preview = _preview(data_staff, "school", "csv", content)

    assert _errors(preview) == [{"group": ["no group “nogroup”"]}]


def test_press_contact_errors_are_in_french_in_the_french_admin(data_staff):
    body = "nogroup,Jane Doe,x\n"

    preview = _contacts_preview(data_staff, body, HTTP_ACCEPT_LANGUAGE="fr")

    page = unescape(preview.content.decode()).replace("\u00a0", " ")
    assert "aucun groupe « nogroup »" in page
    assert "« x » n’est pas un nombre entier" in page
