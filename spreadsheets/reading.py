"""Reading the spreadsheets people really have: CSV, XLSX, ODS and XLS, recognised by content.

`read_sheet` gives the rows of the first sheet (or a named one) as Python values, whatever the
format: CSV in UTF-8 (with or without BOM) or Windows-1252, with `,` `;` or tab; XLSX and ODS
read straight from their XML, since openpyxl is slower and the library's ODS reading is broken;
old Excel files (.xls) with xlrd.
It refuses, with a message data staff can act on, what it cannot read safely: files over the
size limit, zip bombs, XML entities, formula cells, too many rows, columns or characters.
Each format has its own reader (`delimited`, `xlsx`, `ods`, `xls`); this module tells them apart and
opens a zip file only within the limits.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext

from .cells import Sheet
from .delimited import read_csv
from .limits import Limits, check_upload_size, limits
from .messages import ImportFileError, decimal_text, megabytes
from .ods import read_ods
from .xls import read_xls
from .xlsx import read_xlsx


def read_sheet(data: bytes, *, sheet: str | None = None, filename: str = "") -> Sheet:
    """Read the rows of a CSV, XLSX, ODS or XLS file, recognised by content rather than name."""
    lim = limits()
    if not data:
        raise ImportFileError(gettext("The file is empty."))
    check_upload_size(len(data), lim)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # an OLE2 file: old Excel
        result = read_xls(data, sheet, lim)
    elif data.startswith(b"PK\x03\x04"):
        try:
            archive = _open_zip(data, lim)
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                result = read_xlsx(archive, sheet, lim)
            elif "content.xml" in names and _zip_mimetype(archive).startswith(
                "application/vnd.oasis.opendocument.spreadsheet"
            ):
                result = read_ods(archive, sheet, lim)
            else:
                raise ImportFileError(
                    gettext(
                        "This zip file is neither an Excel (.xlsx) nor an OpenDocument (.ods) "
                        "spreadsheet."
                    )
                )
        # Rows are read lazily, so a damaged part or a refused XML entity (defusedxml raises a
        # ValueError) surfaces only while iterating; it must be a message, not a server error.
        except _DAMAGED as error:
            raise ImportFileError(
                gettext(
                    "The spreadsheet is damaged, or holds XML entities (refused for safety): "
                    "it cannot be read. Open it and save it again, or save it as CSV UTF-8."
                )
            ) from error
    else:
        result = read_csv(data, lim)
        if sheet:
            result.notes.append(
                gettext("A CSV file has a single sheet: the sheet “%(sheet)s” was ignored.")
                % {"sheet": sheet}
            )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    named = {"csv": "CSV", "txt": "CSV", "tsv": "CSV", "xlsx": "XLSX", "ods": "ODS", "xls": "XLS"}
    if extension in named and named[extension] != result.format:
        result.notes.append(
            gettext("The file is named .%(extension)s but holds %(format)s; read as %(format)s.")
            % {"extension": extension, "format": result.format}
        )
    return result


# What the zip and XML readers raise for a damaged file (RuntimeError: an unknown compression
# method or a password).
_DAMAGED = (
    ParseError,
    ValueError,
    TypeError,
    LookupError,  # a shared string or a part the file names but does not hold
    ArithmeticError,  # a number too large for a date
    StopIteration,
    EOFError,
    RuntimeError,
    zipfile.BadZipFile,
    zlib.error,
)


def _open_zip(data: bytes, lim: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise ImportFileError(
            gettext("The file looks like a spreadsheet but is damaged.")
        ) from error
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        # Spreadsheet XML compresses well (10-30x); far beyond that is a zip bomb.
        if info.file_size > 1024 * 1024 and ratio > lim.max_compression_ratio:
            raise ImportFileError(
                gettext(
                    "The spreadsheet is compressed %(ratio)s times (limit %(limit)s): "
                    "it looks like a zip bomb and was not opened."
                )
                % {"ratio": decimal_text(ratio, 0), "limit": lim.max_compression_ratio}
            )
    if total > lim.max_uncompressed_bytes:
        raise ImportFileError(
            gettext("The spreadsheet unpacks to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": megabytes(total), "limit": megabytes(lim.max_uncompressed_bytes)}
        )
    return archive


def _zip_mimetype(archive: zipfile.ZipFile) -> str:
    try:
        return archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    except KeyError:
        return ""
