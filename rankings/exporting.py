"""Export of an edition's results in the long layout, which `importing` reads back unchanged.

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

from django.db.models import F

from .models import Edition, Result, SDGResult
from .parsing import OVERALL, table_label
from .ranks import Rank

HEADER = ["institution", "country", "table", "rank", "score", "national_rank"]
# Cells a spreadsheet program would run as a formula; CSV exports prefix them with an apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_RANK_ORDER = (F("rank_low").asc(nulls_last=True), F("rank_high").asc(nulls_last=True), "pk")
_FIELDS = ("rank_low", "rank_high", "rank_tie", "score_low", "score_high", "national_rank")
# Characters XML 1.0 cannot carry at all (ODS and XLSX are XML).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def export_rows(edition: Edition) -> Iterator[list[str]]:
    """The header, then the overall table by rank, then each SDG table by rank: two queries."""
    yield list(HEADER)
    overall = (
        Result.objects.filter(edition=edition, rank_low__isnull=False)
        .order_by(*_RANK_ORDER)
        .values_list("school__name", "school__country", *_FIELDS)
    )
    for name, country, *values in overall:
        yield _row(name, country, OVERALL, values)
    sdg_rows = (
        SDGResult.objects.filter(result__edition=edition)
        .order_by("sdg_id", *_RANK_ORDER)
        .values_list("result__school__name", "result__school__country", "sdg_id", *_FIELDS)
    )
    for name, country, sdg, *values in sdg_rows:
        yield _row(name, country, sdg, values)


def _row(name: str, country: str, table: int, values: list) -> list[str]:
    low, high, tie, score_low, score_high, national = values
    if score_low is None:
        score = ""
    elif score_high is None or score_high == score_low:
        score = str(score_low)
    else:
        score = f"{score_low}–{score_high}"
    label = "overall" if table == OVERALL else table_label(table).replace(" ", "").lower()
    return [
        name,
        str(country),
        label,
        str(Rank(low, high, tie)),
        score,
        "" if national is None else str(national),
    ]


def export_results(edition: Edition, file_format: str) -> bytes:
    """The edition's results as a CSV (UTF-8 with BOM, for Excel), XLSX or ODS file."""
    rows = export_rows(edition)
    if file_format == "csv":
        return to_csv(rows)
    if file_format == "xlsx":
        return to_xlsx(rows, title=f"Results {edition.year}")
    if file_format == "ods":
        return to_ods(rows, title=f"Results {edition.year}")
    raise ValueError(f"unknown format {file_format!r}; expected one of {', '.join(FORMATS)}")


def export_filename(edition: Edition, file_format: str) -> str:
    return f"results-{edition.ranking.slug}-{edition.year}.{file_format}"


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
