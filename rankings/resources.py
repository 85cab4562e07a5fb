"""django-import-export resources and formats for the small tables (schools, press contacts).

Results do not go through the library's row-by-row import (see `importing`); schools and
press contacts do, with safe settings: model validation on, no sequence reset after an
import (it collides between two imports on PostgreSQL and is useless without imported ids),
and formats that read ODS at all, read the first XLSX sheet, and never write a formula.
Their widgets read each cell as the results import does (`parsing`): formulas refused, the
CSV export's formula escape removed, spaces trimmed, countries by code or name, and a wrong
cell reported in the editor's words against its column.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, ngettext
from import_export import exceptions, fields, resources, widgets
from import_export.formats import base_formats

from common.text import name_key
from schools.models import Group, PhoneNumber, PressContact, School, unique_slug

from .exporting import to_csv, to_ods, to_xlsx
from .parsing import blank_row, parse_country, plain_text, reject_special
from .spreadsheets import Cell, ImportFileError, read_sheet


def _dataset(data: bytes) -> tablib.Dataset:
    """A tablib dataset from our own reader: first sheet, ODS streamed, formulas marked.

    Blank rows are left out, above the header too; `row_numbers` keeps, for each row of the
    dataset, its number in a spreadsheet program (the header is row 1 unless blank rows
    precede it), which `SafeResource.import_data` reports errors with.
    """
    try:
        sheet = read_sheet(data)
    except ImportFileError as error:
        raise ValueError(str(error)) from error
    start = next((index for index, row in enumerate(sheet.rows) if not blank_row(row)), None)
    if start is None:
        return tablib.Dataset()
    headers = ["" if cell is None else str(cell).strip() for cell in sheet.rows[start]]
    # "Slug", " NAME " or "Rôle EN" as the column it means. The admin reads the file before
    # it picks a resource, so every import resource's columns are candidates.
    columns = _column_names()
    headers = [columns.get(name_key(header), header) for header in headers]
    dataset = tablib.Dataset(headers=headers)
    numbers = []
    for index, row in enumerate(sheet.rows[start + 1 :], start + 2):
        if blank_row(row):
            continue
        padded = [*row, *[None] * (len(headers) - len(row))][: len(headers)]
        dataset.append(padded)
        numbers.append(index)
    dataset.row_numbers = numbers
    return dataset


def _column_names() -> dict[str, str]:
    return {
        name_key(field.column_name): field.column_name
        for resource in SafeResource.__subclasses__()
        for field in resource.fields.values()
    }


def _rows(dataset: tablib.Dataset) -> list[list[str]]:
    return [
        list(dataset.headers or []),
        *[["" if v is None else str(v) for v in row] for row in dataset],
    ]


class SafeCSV(base_formats.CSV):
    """CSV read like a results file (`;` or tab, Windows-1252), its export defusing every
    formula start (= + - @ tab CR), not only the leading `=` the library escapes."""

    def is_binary(self) -> bool:
        return True  # bytes reach create_dataset, which detects the encoding itself

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream: bytes, **kwargs: Any) -> tablib.Dataset:
        return _dataset(in_stream)

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        return to_csv(iter(_rows(dataset)))  # to_csv escapes; the widgets unescape


class SafeXLSX(base_formats.XLSX):
    """XLSX from the first sheet (the library reads the active one); exported cells are text."""

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        return _dataset(in_stream)

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        return to_xlsx(iter(_rows(dataset)), title=dataset.title or "Export")


class SafeODS(base_formats.TablibFormat):
    """ODS that works: 4.4's ODS format opens the zip file as text and fails."""

    TABLIB_MODULE = "tablib.formats._ods"
    CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        return _dataset(in_stream)

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        return to_ods(iter(_rows(dataset)), title=dataset.title or "Export")

    def can_import(self) -> bool:
        return True

    def can_export(self) -> bool:
        return True


SAFE_FORMATS = [SafeCSV, SafeXLSX, SafeODS]


# --- Widgets: cells read as the results import reads them --------------------------------
def _cell_text(value: Cell) -> str:
    """A cell as text, as the results import reads it: a formula, date or boolean refused;
    the apostrophe our CSV export puts before = + - @ tab CR removed; no-break spaces as
    spaces; trimmed. The errors are ValueErrors, which the library reports per row and column.
    """
    reject_special(value)
    return plain_text(value)


class TextWidget(widgets.CharWidget):
    """Text cells; in names (`collapse_spaces`) runs of spaces become one, as in the results
    import, so a name typed with two spaces stays the stored name."""

    def __init__(self, *, collapse_spaces: bool = False, **kwargs: Any) -> None:
        self.collapse_spaces = collapse_spaces
        super().__init__(**kwargs)

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> str | None:
        text = _cell_text(value)
        if self.collapse_spaces:
            text = " ".join(text.split())
        return text if text or self.allow_blank else None


_WHOLE_NUMBER = re.compile(r"[+-]?\d+(?:\.0*)?")


class WholeNumberWidget(widgets.IntegerWidget):
    """Whole numbers, 2 or 2.0; anything else a message, not decimal's `ConversionSyntax`
    (nor 2.5 silently cut to 2, as the library does)."""

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> int | None:
        text = _cell_text(value)
        if not text:
            return None
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValueError(gettext("“%(value)s” is not a whole number") % {"value": text})
        return int(text.split(".")[0])


class GroupWidget(widgets.ForeignKeyWidget):
    """A group by its slug in any case ("IMT"), or by its full name; an unknown one a message
    naming it, not `DoesNotExist`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Group, "slug", **kwargs)

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> Group | None:
        text = _cell_text(value)
        if not text:
            return None
        groups = list(Group.objects.filter(Q(slug__iexact=text) | Q(name=text)))
        # Slugs are unique only as typed ("IMT" and "imt" may both exist): the exact one
        # first, a case-blind one only when it is the only one.
        for matches in (
            [group for group in groups if group.slug == text],
            [group for group in groups if group.slug.lower() == text.lower()],
            [group for group in groups if group.name == text],
        ):
            if len(matches) == 1:
                return matches[0]
        raise ValueError(gettext("no group “%(slug)s”") % {"slug": text})


class CountryWidget(TextWidget):
    """A country as the results import reads it (`parse_country`): FR, fr, FRA, France,
    Allemagne."""

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> str:
        if not _cell_text(value):
            return ""  # the model says a country is required, in its own words
        return parse_country(value)


class ChoiceWidget(TextWidget):
    """A choice by its code or its label in any of the site's languages ("member", "Member
    school", "école membre"), compared as names are: case, accents and spaces aside."""

    def __init__(self, choices: Any, **kwargs: Any) -> None:
        self.choices = list(choices)
        super().__init__(**kwargs)

    @cached_property
    def _codes(self) -> dict[str, str]:
        """Each spelling's key, to its code: worked out once, not for every cell (the labels
        are the same for the life of the process)."""
        codes: dict[str, str] = {}
        for code, label in reversed(self.choices):  # the first choice wins a shared spelling
            codes[name_key(code)] = code
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    codes[name_key(str(label))] = code
        return codes

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> str | None:
        text = super().clean(value, row, **kwargs)
        if not text:
            return None  # the field's default
        code = self._codes.get(name_key(text))
        if code is not None:
            return code
        accepted = ", ".join(f"{code} ({label})" for code, label in self.choices)
        raise ValueError(
            gettext("“%(value)s” is not one of the accepted values: %(accepted)s")
            % {"value": text, "accepted": accepted}
        )


class PhonesWidget(widgets.Widget):
    """Phone numbers in one cell, between semicolons, each checked by PhoneNumber's own
    validators; exported in their order with "; " between them."""

    def clean(self, value: Cell, row: Any = None, **kwargs: Any) -> list[str] | None:
        parts = (" ".join(part.split()) for part in _cell_text(value).split(";"))
        numbers = [part for part in parts if part]
        field = PhoneNumber._meta.get_field("number")
        errors = []
        for number in numbers:
            try:
                field.clean(number, None)
            except ValidationError as error:
                errors.append(
                    gettext("“%(number)s”: %(error)s")
                    % {"number": number, "error": " ".join(error.messages)}
                )
        if errors:
            raise ValueError(" ".join(errors))
        return numbers or None

    def render(self, value: list[str] | None, obj: Any = None, **kwargs: Any) -> str:
        return "; ".join(value or [])


class PhonesField(fields.Field):
    """A press contact's `phones` column.

    A reverse relation cannot be assigned before the contact is saved, so the numbers read
    from a cell wait on the instance (`imported_phones`) for
    `PressContactResource.after_save_instance`. Reading them back from there, or else from
    the database, lets "unchanged" and the diff compare the numbers as a list.
    """

    def __init__(self) -> None:
        super().__init__(attribute="phones", column_name="phones", widget=PhonesWidget())

    def get_value(self, instance: PressContact) -> list[str]:
        numbers = getattr(instance, "imported_phones", None)
        if numbers is not None:
            return numbers
        if instance.pk is None:
            return []
        return [phone.number for phone in instance.phones.all()]

    def save(self, instance: PressContact, row: Any, is_m2m: bool = False, **kwargs: Any) -> None:
        numbers = self.clean(row, **kwargs)
        # A blank cell keeps the stored numbers, as a file without the column does: a sheet
        # kept before this column existed, or one that leaves it empty, must not wipe numbers
        # entered in the admin (which is where the last number is removed).
        if numbers is not None:
            instance.imported_phones = numbers


class SafeResource(resources.ModelResource):
    # Every text and integer column through the widgets above.
    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "CharField": TextWidget,  # and its subclasses: slug, e-mail, URL
        **{
            name: WholeNumberWidget
            for name, widget in resources.ModelResource.WIDGETS_MAP.items()
            if widget is widgets.IntegerWidget
        },
    }

    @classmethod
    def widget_kwargs_for_field(cls, field_name: str, django_field: Any) -> dict[str, Any]:
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if django_field.null:
            # An empty cell in a nullable column (a translation) is None, as the admin form
            # stores it: "" would make an exported row a change when it is imported again.
            kwargs["allow_blank"] = False
        return kwargs

    def get_instance(self, instance_loader: Any, row: Any) -> Any:
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # A key cell that cannot be read (a formula, an unknown group) matches no row;
            # import_instance then reports it against its column, not as a server error.
            return None

    def import_data(self, dataset: tablib.Dataset, *args: Any, **kwargs: Any) -> Any:
        result = super().import_data(dataset, *args, **kwargs)
        # The library numbers the rows it read from 1, which is neither the row a spreadsheet
        # program shows (the header is row 1) nor, once blank rows are left out, the n-th row
        # of the file: report the spreadsheet's numbers, as the results import does.
        numbers = getattr(dataset, "row_numbers", None)
        if numbers is not None:
            for row in [*result.invalid_rows, *result.error_rows]:
                if 1 <= row.number <= len(numbers):
                    row.number = numbers[row.number - 1]
        return result

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self._row_numbers = getattr(dataset, "row_numbers", None)
        self._rows_by_key: dict[tuple[Any, ...], int] = {}

    def import_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
        # Two rows with one key (slug; group and name) would be "new" then "update": the
        # second silently replacing the first. Refuse it, naming the row it repeats.
        names = self.get_import_id_fields()
        values = (self.fields[name].get_value(instance) for name in names)
        key = tuple(getattr(value, "pk", value) for value in values)
        if any(value in (None, "") for value in key):
            return  # no key: a new row, which the model's own constraints check
        seen = getattr(self, "_rows_by_key", None)
        if seen is None:
            return
        number = kwargs.get("row_number") or 0
        numbers = getattr(self, "_row_numbers", None)
        if numbers and 1 <= number <= len(numbers):
            number = numbers[number - 1]
        if key in seen:
            raise ValidationError(
                {
                    names[-1]: gettext("the same %(columns)s as row %(row)s")
                    % {
                        "columns": ", ".join(self.fields[name].column_name for name in names),
                        "row": seen[key],
                    }
                }
            )
        seen[key] = number

    def _check_import_id_fields(self, headers: list[str] | None) -> None:
        # The library's message is developer speak, and never translated: it fills in the
        # column names before looking the sentence up.
        missing = [
            self.fields[name].column_name
            for name in self.get_import_id_fields()
            if name in self.fields and self.fields[name].column_name not in (headers or [])
        ]
        if missing:
            raise exceptions.FieldError(
                ngettext(
                    "The header row has no %(columns)s column, which rows are matched by.",
                    "The header row has no %(columns)s columns, which rows are matched by.",
                    len(missing),
                )
                % {"columns": ", ".join(missing)}
            )
        super()._check_import_id_fields(headers)

    def after_import(self, dataset: tablib.Dataset, result: Any, **kwargs: Any) -> None:
        # The library resets the table's id sequence here, which two concurrent imports on
        # PostgreSQL collide in; ids are never imported, so the sequence is already right.
        return None


class SchoolResource(SafeResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(School.Kind.choices),
        default=School.Kind.OTHER,
    )
    group = fields.Field(attribute="group", column_name="group", widget=GroupWidget())

    class Meta:
        model = School
        fields = ("slug", "name", "short_name", "country", "city", "website", "kind", "group")
        import_id_fields = ("slug",)
        widgets = {"name": {"collapse_spaces": True}, "short_name": {"collapse_spaces": True}}
        clean_model_instances = True  # off by default: choices and constraints unchecked
        skip_unchanged = True
        report_skipped = True

    def import_instance(self, instance: School, row: Any, **kwargs: Any) -> None:
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # What School.save() fills in, needed earlier: validation runs before saving, and
            # also after a wrong cell, which must not bring a "blank slug" error with it.
            instance.name_key = name_key(instance.name or "")
            if not instance.slug:
                instance.slug = unique_slug(instance.name or "")


class PressContactResource(SafeResource):
    group = fields.Field(attribute="group", column_name="group", widget=GroupWidget())
    phones = PhonesField()

    class Meta:
        model = PressContact
        fields = ("group", "name", "role_en", "role_fr", "organisation", "email", "order", "phones")
        import_id_fields = ("group", "name")
        widgets = {"name": {"collapse_spaces": True}, "organisation": {"collapse_spaces": True}}
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def after_save_instance(self, instance: PressContact, row: Any, **kwargs: Any) -> None:
        super().after_save_instance(instance, row, **kwargs)
        numbers = getattr(instance, "imported_phones", None)
        if numbers is None or (
            self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs)
        ):
            return  # no phones cell, or a dry run that no transaction would undo
        stored = list(instance.phones.all())
        if [phone.number for phone in stored] == numbers:
            return
        # The cell lists every number in order; a label (not in the file) stays with its number.
        labels = {phone.number: phone.label for phone in stored}
        instance.phones.all().delete()
        PhoneNumber.objects.bulk_create(
            PhoneNumber(contact=instance, number=number, label=labels.get(number, ""), order=order)
            for order, number in enumerate(numbers)
        )
