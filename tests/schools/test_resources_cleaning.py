"""Cells read by the schools and press-contacts imports as the results import reads them.

The project's own CSV escaping undone, formulas refused, spaces trimmed, headers, countries,
kinds and groups read however they are typed, and every wrong cell reported against its column
in the editor's language. Press contacts' phone numbers travel in one column.
"""

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools.models import Group, PhoneNumber, PressContact, School
from tests.factories import GroupFactory, PhoneNumberFactory, PressContactFactory, SchoolFactory

pytestmark = pytest.mark.django_db

FORMATS = {"csv": "0", "xlsx": "1", "ods": "2"}
RESOURCES = {
    "school": ["slug", "name", "short_name", "country", "city", "website", "kind", "group"],
    "presscontact": [
        "group",
        "name",
        "role_en",
        "role_fr",
        "organisation",
        "email",
        "order",
        "phones",
    ],
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


def _page_text(response) -> str:
    """The page as a reader sees it: entities decoded, French no-break spaces as spaces."""
    return unescape(response.content.decode()).replace("\u00a0", " ")


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
def test_press_contacts_exported_then_imported_are_all_unchanged(editor, file_format):
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
    jones = PressContactFactory(group=group, name="'Tis Jones", organisation="'", role_fr=None)
    PhoneNumberFactory(contact=jones, number="+33 (0) 6 27 66 05 09", label="mobile", order=2)
    PhoneNumberFactory(contact=jones, number="01 75 31 40 97", order=1)
    before = list(PressContact.objects.order_by("pk").values())
    phones_before = list(PhoneNumber.objects.order_by("pk").values())

    content = _export(editor, "presscontact", file_format)
    result = _import(editor, "presscontact", file_format, content)

    assert result.totals["skip"] == 2
    assert result.totals["new"] == result.totals["update"] == result.totals["invalid"] == 0
    assert list(PressContact.objects.order_by("pk").values()) == before
    assert list(PhoneNumber.objects.order_by("pk").values()) == phones_before


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
def test_a_formula_cell_is_refused_against_its_column(importer, model, header, row, column):
    GroupFactory(slug="imt")
    row[header.index(column)] = '=CONCAT("Br","est")'
    good = {"school": ["", "Good School", "FR", ""], "presscontact": ["imt", "Good Contact", 2]}
    content = _xlsx(header, good[model][: len(header)], row)

    preview = _preview(importer, model, "xlsx", content)

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


def test_press_contact_cells_are_trimmed(editor):
    GroupFactory(slug="imt")
    content = (
        "group,name,organisation,email,order\n imt , Jane\u00a0 Doe ,IMT , j@example.org , 2 \n"
    )

    _import(editor, "presscontact", "csv", content.encode())

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
def test_a_press_contact_cell_that_cannot_be_read_is_named_with_its_value(editor, body, errors):
    preview = _contacts_preview(editor, body)

    assert _errors(preview) == [errors]
    assert 'value="Confirm import"' not in preview.content.decode()


def test_a_whole_number_written_with_a_decimal_point_is_read(editor):
    GroupFactory(slug="imt")

    _import(editor, "presscontact", "csv", b"group,name,order\nimt,Jane Doe,2.0\n")

    assert PressContact.objects.get().order == 2


def test_a_school_in_an_unknown_group_is_named_with_the_group(data_staff):
    content = b"slug,name,country,kind,group\n,New School,FR,member,nogroup\n"

    preview = _preview(data_staff, "school", "csv", content)

    assert _errors(preview) == [{"group": ["no group “nogroup”"]}]


def test_press_contact_errors_are_in_french_in_the_french_admin(editor):
    body = "nogroup,Jane Doe,x\n"

    preview = _contacts_preview(editor, body, HTTP_ACCEPT_LANGUAGE="fr")

    page = _page_text(preview)
    assert "aucun groupe « nogroup »" in page
    assert "« x » n’est pas un nombre entier" in page


# --- Headers, countries, kinds and groups as people type them ----------------------------
def test_headers_are_matched_without_case_spaces_or_accents(data_staff):
    GroupFactory(slug="imt")
    content = (
        " SLUG ,Name,Country\u00a0,Kïnd,Group,Notes\n"
        "brest,Brest School,FR,member,imt,an unknown column is passed over\n"
    ).encode()

    result = _import(data_staff, "school", "csv", content)

    assert result.totals["new"] == 1
    school = School.objects.get()
    assert (school.slug, school.name, school.country.code, school.kind, school.group.slug) == (
        "brest",
        "Brest School",
        "FR",
        "member",
        "imt",
    )


def test_press_contact_headers_are_matched_without_case_or_accents(editor):
    GroupFactory(slug="imt")
    content = "GROUP,Name,Rôle EN,role-FR,Phones\nimt,Jane Doe,Press officer,Attachée,0175314097\n"

    _import(editor, "presscontact", "csv", content.encode())

    contact = PressContact.objects.get()
    assert (contact.role_en, contact.role_fr) == ("Press officer", "Attachée")
    assert [phone.number for phone in contact.phones.all()] == [
        "+33 1 75 31 40 97"
    ]  # a French number, stored in international form


@pytest.mark.parametrize(
    ("cell", "code"),
    [("fr", "FR"), ("FRA", "FR"), ("deu", "DE"), ("France", "FR"), ("Allemagne", "DE")],
)
def test_a_country_is_read_by_code_or_name_as_the_results_import_reads_it(data_staff, cell, code):
    _import(data_staff, "school", "csv", f"slug,name,country\n,New School,{cell}\n".encode())

    assert School.objects.get().country.code == code


def test_a_school_reimported_with_country_and_kind_spelled_out_is_unchanged(data_staff):
    SchoolFactory(slug="brest", name="Brest School", country="FR", kind=School.Kind.OTHER)

    content = "slug,name,country,kind\nbrest,Brest School,France,Autre établissement\n"
    result = _import(data_staff, "school", "csv", content.encode())

    assert result.totals["skip"] == 1


def test_an_unknown_country_is_named_in_the_editors_language(data_staff):
    content = b"slug,name,country\n,New School,Atlantis\n"

    preview = _preview(data_staff, "school", "csv", content)
    french = _preview(data_staff, "school", "csv", content, HTTP_ACCEPT_LANGUAGE="fr")

    assert _errors(preview) == [
        {
            "country": [
                "unknown country “Atlantis” (use an ISO code such as FR, or its English name)"
            ]
        }
    ]
    assert 'value="Confirm import"' not in preview.content.decode()
    assert "pays inconnu « Atlantis »" in _page_text(french)


@pytest.mark.parametrize(
    ("cell", "kind"),
    [
        ("member", "member"),
        ("SUBSIDIARY", "subsidiary"),
        ("Member school", "member"),
        ("école membre", "member"),
        ("ECOLE FILIALE", "subsidiary"),
        ("Partenaire", "partner"),
        ("", "other"),
    ],
)
def test_a_kind_is_read_by_its_code_or_its_english_or_french_label(data_staff, cell, kind):
    GroupFactory(slug="imt")

    _import(
        data_staff, "school", "csv", f"slug,name,country,kind,group\n,S,FR,{cell},imt\n".encode()
    )

    assert School.objects.get().kind == kind


def test_an_unknown_kind_lists_the_accepted_values_in_the_editors_language(data_staff):
    content = b"slug,name,country,kind\n,New School,FR,associate\n"

    preview = _preview(data_staff, "school", "csv", content)
    french = _preview(data_staff, "school", "csv", content, HTTP_ACCEPT_LANGUAGE="fr")

    assert _errors(preview) == [
        {
            "kind": [
                "“associate” is not one of the accepted values: member (Member school), "
                "subsidiary (Subsidiary school), partner (Partner), other (Other institution)"
            ]
        }
    ]
    assert (
        "« associate » ne fait pas partie des valeurs acceptées : member (École membre), "
        "subsidiary (École filiale), partner (Partenaire), other (Autre établissement)"
    ) in _page_text(french)


@pytest.mark.parametrize(
    ("cell", "slug"),
    [("IMT", "imt"), ("Imt", "imt"), ("Institut Mines-Télécom", "imt"), ("Mines", "mines")],
)
def test_a_group_is_found_by_its_slug_in_any_case_or_its_name(editor, cell, slug):
    GroupFactory(slug="imt", name="Institut Mines-Télécom")
    GroupFactory(slug="mines", name="Mines")

    _import(editor, "presscontact", "csv", f"group,name\n{cell},Jane Doe\n".encode())

    assert PressContact.objects.get().group.slug == slug


def test_a_slug_two_groups_share_but_for_case_is_matched_only_as_typed(editor):
    GroupFactory(slug="imt", name="Institut Mines-Télécom")
    GroupFactory(slug="IMT", name="Another IMT")
    content = b"group,name\nIMT,Jane Doe\nImt,John Doe\n"

    preview = _preview(editor, "presscontact", "csv", content)

    assert _errors(preview) == [{"group": ["no group “Imt”"]}]


# --- Press contacts' phone numbers -------------------------------------------------------
def test_press_contact_export_writes_the_phone_numbers_in_their_order(editor):
    contact = PressContactFactory(name="Jane Doe")
    PhoneNumberFactory(contact=contact, number="+33 (0) 6 27 66 05 09", order=2)
    PhoneNumberFactory(contact=contact, number="+33 (0) 1 75 31 40 97", order=1)

    text = _export(editor, "presscontact", "csv").decode("utf-8-sig")

    assert "'+33 (0) 1 75 31 40 97; +33 (0) 6 27 66 05 09" in text


def _phones(contact):
    return [(phone.number, phone.label, phone.order) for phone in contact.phones.all()]


def test_an_import_replaces_the_phone_numbers_with_the_cells(editor):
    jane = PressContactFactory(group=GroupFactory(slug="imt"), name="Jane Doe")
    PhoneNumberFactory(contact=jane, number="01 11 11 11 11", order=0)
    PhoneNumberFactory(contact=jane, number="06 22 22 22 22", label="mobile", order=1)
    content = (
        "group,name,phones\n"
        "imt,Jane Doe, 06 22 22 22 22 ;+33\u00a01  75 31 40 97;\n"
        "imt,John Doe,+33 (0) 6 27 66 05 09\n"
    ).encode()

    result = _import(editor, "presscontact", "csv", content)

    assert (result.totals["update"], result.totals["new"]) == (1, 1)
    # The mobile number keeps its label; the numbers are in the cell's order, in international
    # form as the admin stores them.
    assert _phones(jane) == [("+33 6 22 22 22 22", "mobile", 0), ("+33 1 75 31 40 97", "", 1)]
    john = PressContact.objects.get(name="John Doe")
    assert _phones(john) == [("+33 (0) 6 27 66 05 09", "", 0)]


@pytest.mark.parametrize(
    "content",
    [
        b"group,name,email\nimt,Jane Doe,new@example.org\n",
        b"group,name,email,phones\nimt,Jane Doe,new@example.org, \n",
    ],
    ids=["no phones column", "blank phones cell"],
)
def test_phone_numbers_are_kept_when_the_file_gives_none(editor, content):
    jane = PressContactFactory(group=GroupFactory(slug="imt"), name="Jane Doe")
    PhoneNumberFactory(contact=jane, number="01 11 11 11 11", label="office")

    result = _import(editor, "presscontact", "csv", content)

    assert result.totals["update"] == 1
    jane.refresh_from_db()
    assert jane.email == "new@example.org"
    assert _phones(jane) == [("+33 1 11 11 11 11", "office", 0)]


def test_a_bad_phone_number_is_named_in_the_editors_language(editor):
    GroupFactory(slug="imt")
    content = b"group,name,phones\nimt,Jane Doe,+33 1 75 31 40 97; 12 34\n"

    preview = _preview(editor, "presscontact", "csv", content)
    french = _preview(editor, "presscontact", "csv", content, HTTP_ACCEPT_LANGUAGE="fr")

    assert _errors(preview) == [{"phones": ["“12 34”: A phone number has at least six digits."]}]
    assert 'value="Confirm import"' not in preview.content.decode()
    page = _page_text(french)
    assert "« 12 34 » : Un numéro de téléphone a au moins six chiffres." in page
    assert not PressContact.objects.exists()


def test_phone_numbers_are_not_written_when_the_confirm_fails_validation(editor):
    jane = PressContactFactory(group=GroupFactory(slug="imt"), name="Jane Doe")
    PhoneNumberFactory(contact=jane, number="01 11 11 11 11")
    GroupFactory(slug="mines")
    content = b"group,name,phones\nimt,Jane Doe,06 22 22 22 22\nmines,John Doe,06 33 33 33 33\n"
    preview = _preview(editor, "presscontact", "csv", content)
    confirm = preview.context["confirm_form"].initial
    # Between preview and confirm the second row's group goes.
    Group.objects.filter(slug="mines").delete()

    response = editor.post(
        reverse("admin:schools_presscontact_process_import"), confirm, follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages[0].startswith("Nothing was imported")
    assert _phones(jane) == [("+33 1 11 11 11 11", "", 0)]
    assert PressContact.objects.count() == 1


def test_the_press_contact_export_reads_every_phone_number_in_one_query(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def export_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            _export(editor, "presscontact", "csv")
        return len(queries)

    group = GroupFactory(slug="imt")
    for name in ("A", "B"):
        PhoneNumberFactory(contact=PressContactFactory(group=group, name=name))
    two = export_queries()
    for name in ("C", "D", "E"):
        PhoneNumberFactory(contact=PressContactFactory(group=group, name=name))

    assert export_queries() == two
