"""Writing rows as a CSV, XLSX or ODS file.

Every cell is written as text: a rank such as "=57" (a tie) must never become a formula.
In CSV, a cell a spreadsheet program would run as a formula (starting with = + - @, a tab or
a carriage return) gets an apostrophe in front, which the importer removes again.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape

# Cells a spreadsheet program would run as a formula; CSV exports prefix them with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry at all (ODS and XLSX are XML).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape_formula(value: str) -> str:
    """Defuse a cell a spreadsheet would evaluate; the importer strips the apostrophe again."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(rows: Iterator[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([escape_formula(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: Iterator[list[str]], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_XML_ILLEGAL.sub("\ufffd", value))
            cell.data_type = "s"  # openpyxl would otherwise store "=57" as a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def to_ods(rows: Iterator[list[str]], *, title: str) -> bytes:
    """A minimal OpenDocument spreadsheet, every cell a string, written without odfpy."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<office:document-content {_ODS_NAMESPACES} office:version="1.2">',
        f'<office:body><office:spreadsheet><table:table table:name="{escape(title)}">',
    ]
    for row in rows:
        parts.append("<table:table-row>")
        for value in row:
            if value == "":
                parts.append("<table:table-cell/>")
            else:
                text = escape(_XML_ILLEGAL.sub("\ufffd", value))
                parts.append(
                    f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
                    "</table:table-cell>"
                )
        parts.append("</table:table-row>")
    parts.append("</table:table></office:spreadsheet></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # The mimetype must come first and uncompressed for programs to recognise the file.
        archive.writestr(zipfile.ZipInfo("mimetype"), _ODS_MIMETYPE, zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("content.xml", "".join(parts))
    return buffer.getvalue()
