"""django-import-export resources and formats for the small tables (schools, press contacts).

Results do not go through the library's row-by-row import (see `importing`); schools and
press contacts do, with safe settings: model validation on, no sequence reset after an
import (it collides between two imports on PostgreSQL and is useless without imported ids),
and formats that read ODS at all, read the first XLSX sheet, and never write a formula.
"""

from __future__ import annotations

from typing import Any

import tablib
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from schools.models import Group, PressContact, School, name_key, unique_slug

from .exporting import escape_formula, to_csv, to_ods, to_xlsx
from .spreadsheets import ImportFileError, read_sheet


def _dataset(data: bytes) -> tablib.Dataset:
    """A tablib dataset from our own reader: first sheet, ODS streamed, formulas marked."""
    try:
        sheet = read_sheet(data)
    except ImportFileError as error:
        raise ValueError(str(error)) from error
    if not sheet.rows:
        return tablib.Dataset()
    headers = ["" if cell is None else str(cell).strip() for cell in sheet.rows[0]]
    dataset = tablib.Dataset(headers=headers)
    for row in sheet.rows[1:]:
        if not any(cell not in (None, "") for cell in row):
            continue
        padded = [*row, *[None] * (len(headers) - len(row))][: len(headers)]
        dataset.append(padded)
    return dataset


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
        rows = [[escape_formula(cell) for cell in row] for row in _rows(dataset)]
        return to_csv(iter(rows))


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


class SafeResource(resources.ModelResource):
    def after_import(self, dataset: tablib.Dataset, result: Any, **kwargs: Any) -> None:
        # The library resets the table's id sequence here, which two concurrent imports on
        # PostgreSQL collide in; ids are never imported, so the sequence is already right.
        return None


class SchoolResource(SafeResource):
    group = fields.Field(
        attribute="group", column_name="group", widget=widgets.ForeignKeyWidget(Group, "slug")
    )

    class Meta:
        model = School
        fields = ("slug", "name", "short_name", "country", "city", "website", "kind", "group")
        import_id_fields = ("slug",)
        clean_model_instances = True  # off by default: choices and constraints unchecked
        skip_unchanged = True
        report_skipped = True

    def import_instance(self, instance: School, row: Any, **kwargs: Any) -> None:
        super().import_instance(instance, row, **kwargs)
        # What School.save() fills in, needed earlier: validation runs before saving.
        instance.name_key = name_key(instance.name or "")
        if not instance.slug:
            instance.slug = unique_slug(instance.name or "")


class PressContactResource(SafeResource):
    group = fields.Field(
        attribute="group", column_name="group", widget=widgets.ForeignKeyWidget(Group, "slug")
    )

    class Meta:
        model = PressContact
        fields = ("group", "name", "role_en", "role_fr", "organisation", "email", "order")
        import_id_fields = ("group", "name")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
