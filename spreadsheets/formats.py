"""django-import-export formats that read through this package and write safely.

They read ODS at all (the library's ODS reading is broken), the first XLSX sheet (not the
active one), a CSV in `;` or tab or Windows-1252, and never write a formula.
"""

from __future__ import annotations

from typing import Any

import tablib
from import_export.formats import base_formats

from .messages import ImportFileError
from .reading import read_sheet
from .resources import SafeResource
from .text import blank_row
from .writing import to_csv, to_ods, to_xlsx


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
    headers = [_column_name(header) for header in headers]
    dataset = tablib.Dataset(headers=headers)
    numbers = []
    for index, row in enumerate(sheet.rows[start + 1 :], start + 2):
        if blank_row(row):
            continue
        padded = [*row, *[None] * (len(headers) - len(row))][: len(headers)]
        dataset.append(padded)
        numbers.append(index)
    dataset.row_numbers = numbers
    # Blank rows between the header and the last row, which the preview counts as skipped.
    dataset.blank_rows = numbers[-1] - (start + 1) - len(numbers) if numbers else 0
    return dataset


def _column_name(header: str) -> str:
    """The column a header means, among every import resource's columns, each resource
    comparing them by its `column_key`."""
    column = header
    for resource in SafeResource.__subclasses__():
        key = resource.column_key
        columns = {key(field.column_name): field.column_name for field in resource.fields.values()}
        column = columns.get(key(header), column)
    return column


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
