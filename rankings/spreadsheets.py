"""Reading the spreadsheets people really have: CSV, XLSX and ODS, recognised by content.

`read_sheet` gives the rows of the first sheet (or a named one) as Python values, whatever the
format: CSV in UTF-8 (with or without BOM) or Windows-1252, with `,` `;` or tab; XLSX and ODS
read straight from their XML, since openpyxl is slower and the library's ODS reading is broken.
It refuses, with a message data staff can act on, what it cannot read safely: files over the
size limit, zip bombs, XML entities, formula cells, too many rows, columns or characters.
It knows nothing of rankings: the results import (`importing`) and the schools and contacts
imports (`resources`) read through it.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import (
    gettext,
    ngettext,
)


# --- Limits ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int = 10 * 1024 * 1024
    max_rows: int = 100_000
    max_columns: int = 60
    max_cell_chars: int = 1_000
    max_uncompressed_bytes: int = 150 * 1024 * 1024
    max_compression_ratio: int = 150


def limits() -> Limits:
    """The limits in force: `RESULTS_IMPORT_*` settings override the defaults."""
    defaults = Limits()
    return Limits(
        **{
            name: getattr(settings, f"RESULTS_IMPORT_{name.upper()}", getattr(defaults, name))
            for name in Limits.__dataclass_fields__
        }
    )


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, size, header); the message says why."""


# --- Reading files -----------------------------------------------------------------------
class Formula(str):
    """A cell holding a formula: refused, since its value depends on the program computing it."""


Cell = str | int | float | Decimal | datetime | date | time | bool | None


@dataclass
class Sheet:
    format: str
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    delimiter: str | None = None  # a CSV's separator


def read_sheet(data: bytes, *, sheet: str | None = None, filename: str = "") -> Sheet:
    """Read the rows of a CSV, XLSX or ODS file, recognised by content rather than name."""
    lim = limits()
    if not data:
        raise ImportFileError(gettext("The file is empty."))
    if len(data) > lim.max_upload_bytes:
        raise ImportFileError(
            gettext("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(lim.max_upload_bytes)}
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportFileError(
            gettext(
                "This is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8 and try again."
            )
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = _open_zip(data, lim)
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                result = _read_xlsx(archive, sheet, lim)
            elif "content.xml" in names and _zip_mimetype(archive).startswith(
                "application/vnd.oasis.opendocument.spreadsheet"
            ):
                result = _read_ods(archive, sheet, lim)
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
        result = _read_csv(data, lim)
        if sheet:
            result.notes.append(
                gettext("A CSV file has a single sheet: the sheet “%(sheet)s” was ignored.")
                % {"sheet": sheet}
            )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    named = {"csv": "CSV", "txt": "CSV", "tsv": "CSV", "xlsx": "XLSX", "ods": "ODS"}
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


def _megabytes(size: int) -> str:
    return _decimal(size / (1024 * 1024), 1)


def _decimal(number: float, places: int) -> str:
    """`number` rounded as Python rounds it (number_format cuts digits off), in the active
    language's notation: 12.5 in English, 12,5 in French."""
    return number_format(Decimal(f"{number:.{places}f}"), places)


def count_text(number: int) -> str:
    """A count grouped as the active language groups it: 19,050 in English, 19 050 in French."""
    return number_format(number, force_grouping=True)


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
                % {"ratio": _decimal(ratio, 0), "limit": lim.max_compression_ratio}
            )
    if total > lim.max_uncompressed_bytes:
        raise ImportFileError(
            gettext("The spreadsheet unpacks to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _megabytes(total), "limit": _megabytes(lim.max_uncompressed_bytes)}
        )
    return archive


def _zip_mimetype(archive: zipfile.ZipFile) -> str:
    try:
        return archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    except KeyError:
        return ""


def _decode_text(data: bytes) -> tuple[str, list[str]]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as error:
            raise ImportFileError(gettext("The file says it is UTF-16 but is not.")) from error
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            gettext(
                "This is not a spreadsheet file: expected CSV, XLSX (Excel) or ODS (LibreOffice)."
            )
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            gettext(
                "The file is neither UTF-8 nor Windows-1252 text. "
                "Save it as “CSV UTF-8” and try again."
            )
        ) from error
    return text, [
        gettext(
            "The file is not UTF-8: it was read as Windows-1252 (Excel’s plain “CSV” on Windows). "
            "Check the accented names below; saving as “CSV UTF-8” avoids this."
        )
    ]


_EXCEL_SEPARATOR = re.compile(r"^sep=([,;\t|])\r?$")


def _delimiter(text: str, first_line: str) -> str:
    """`,`, `;` or tab: the one the header uses most. A first line with none (a title above
    the table) gives way to the delimiter that splits the next few lines into the same number
    of cells most often: a line's own count misleads when its cells hold commas (a name, a
    decimal comma in a French score)."""
    candidates = [",", ";", "\t"]
    if any(mark in first_line for mark in candidates):
        delimiter = max(candidates, key=first_line.count)
        return delimiter if first_line.count(delimiter) else ","
    lines = [line for line in text.split("\n", 11)[1:11] if line.strip()]

    def regularity(mark: str) -> tuple[int, int]:
        try:
            widths = Counter(len(row) for row in csv.reader(lines, delimiter=mark) if len(row) > 1)
        except csv.Error:  # a cell over the size limit: reading the file says so
            return 0, 0
        width, rows = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        return rows, width

    best = max(candidates, key=regularity)
    return best if regularity(best)[0] else ","


def _read_csv(data: bytes, lim: Limits) -> Sheet:
    text, notes = _decode_text(data)
    first_line = text.split("\n", 1)[0]
    if said := _EXCEL_SEPARATOR.match(first_line):
        # Excel's "sep=;" line names the delimiter; Excel hides it, so the header it shows
        # as row 1 is row 1 here too.
        delimiter, text = said[1], text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = _delimiter(text, first_line)
    csv.field_size_limit(max(lim.max_cell_chars * 4, 1024))
    rows: list[list[Cell]] = []
    blank_rows = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            # Blank rows count only when data follows them: a sheet exported with a million
            # formatted empty rows at the end is still the few rows it holds.
            if not any(cell.strip() for cell in row):
                blank_rows += 1
                continue
            _check_row(row, len(rows) + blank_rows + 1, lim)
            rows.extend([] for _ in range(blank_rows))
            blank_rows = 0
            rows.append(row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            size = csv.field_size_limit()
            raise ImportFileError(
                at_row(
                    reader.line_num,
                    ngettext(
                        "a cell holds more than %(size)s characters; the limit is %(limit)s.",
                        "a cell holds more than %(size)s characters; the limit is %(limit)s.",
                        size,
                    )
                    % {"size": count_text(size), "limit": count_text(lim.max_cell_chars)},
                )
            ) from error
        raise ImportFileError(
            at_row(
                reader.line_num,
                gettext("the CSV cannot be read (%(error)s).") % {"error": error},
            )
        ) from error
    return Sheet("CSV", rows, notes, delimiter)


def _check_row(row: list[Cell], number: int, lim: Limits) -> None:
    if number > lim.max_rows + 1:
        raise ImportFileError(_too_many_rows(lim))
    if len(row) > lim.max_columns:
        while row and row[-1] in (None, ""):
            row.pop()
        if len(row) > lim.max_columns:
            raise ImportFileError(
                at_row(
                    number,
                    ngettext(
                        "%(count)s columns; the limit is %(limit)s.",
                        "%(count)s columns; the limit is %(limit)s.",
                        len(row),
                    )
                    % {"count": len(row), "limit": lim.max_columns},
                )
            )
    for cell in row:
        if isinstance(cell, str) and len(cell) > lim.max_cell_chars:
            raise ImportFileError(
                at_row(
                    number,
                    ngettext(
                        "a cell holds %(count)s characters; the limit is %(limit)s.",
                        "a cell holds %(count)s characters; the limit is %(limit)s.",
                        len(cell),
                    )
                    % {"count": count_text(len(cell)), "limit": count_text(lim.max_cell_chars)},
                )
            )


def _too_many_rows(lim: Limits) -> str:
    return ngettext(
        "The file has more than %(limit)s rows, the limit.",
        "The file has more than %(limit)s rows, the limit.",
        lim.max_rows,
    ) % {"limit": count_text(lim.max_rows)}


def _too_many_columns(row: int, lim: Limits) -> str:
    return at_row(
        row,
        ngettext(
            "more than %(limit)s columns, the limit.",
            "more than %(limit)s columns, the limit.",
            lim.max_columns,
        )
        % {"limit": lim.max_columns},
    )


def at_row(row: int, problem: str) -> str:
    """A problem with a whole row, as `row N: what is wrong`."""
    return gettext("row %(row)s: %(problem)s") % {"row": row, "problem": problem}


def at_cell(row: int, column: str, problem: str) -> str:
    """A problem with one cell, as `row N: column: what is wrong`."""
    return gettext("row %(row)s: %(column)s: %(problem)s") % {
        "row": row,
        "column": column,
        "problem": problem,
    }


def _no_such_sheet(sheet: str, names: list[str]) -> str:
    return gettext("There is no sheet “%(sheet)s”; the sheets are: %(sheets)s.") % {
        "sheet": sheet,
        "sheets": ", ".join(names),
    }


def _sheet_read(title: str) -> str:
    return gettext("Sheet “%(sheet)s” was read.") % {"sheet": title}


_XL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_XL_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_XL_ROW, _XL_CELL, _XL_VALUE, _XL_FORMULA = (_XL + n for n in ("row", "c", "v", "f"))
_XL_INLINE, _XL_TEXT, _XL_PHONETIC = _XL + "is", _XL + "t", _XL + "rPh"
_XL_MERGE = _XL + "mergeCell"
_COLUMN = re.compile(r"[A-Z]+")


def _read_xlsx(archive: zipfile.ZipFile, sheet: str | None, lim: Limits) -> Sheet:
    """Stream the first (or the named) sheet of an XLSX file.

    A reader of its own, with defusedxml, rather than openpyxl: openpyxl's read-only mode
    parses a sheet twice when the file has no <dimension> (as files written by programs
    often do) and builds an object per cell, which made it most of an import's time.
    """
    from defusedxml.ElementTree import fromstring, iterparse

    book = fromstring(archive.read("xl/workbook.xml"))
    properties = book.find(_XL + "workbookPr")
    # Excel for Mac wrote dates as days since 1904 until 2011; such a workbook says so.
    in_1904 = properties is not None and properties.get("date1904") in ("1", "true")
    epoch = _EXCEL_1904_EPOCH if in_1904 else _EXCEL_EPOCH
    elements = list(book.iter(_XL + "sheet"))
    sheets = [(s.get("name", ""), s.get(_XL_REL)) for s in elements]
    names = [name for name, _ in sheets]
    if not sheets:
        raise ImportFileError(gettext("The Excel file holds no sheet."))
    if sheet and sheet not in names:
        raise ImportFileError(_no_such_sheet(sheet, names))
    # The first sheet, not the "active" one the library reads: the sheet a person last
    # looked at is an accident of how the file was saved. The first one Excel shows, that is:
    # a hidden sheet (lookup lists, a template's workings) is no one's table.
    visible = [
        s for s, e in zip(sheets, elements, strict=True) if e.get("state", "visible") == "visible"
    ]
    first = (visible or sheets)[0]
    title, rel_id = next((s for s in sheets if s[0] == sheet), first) if sheet else first
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target", "") for r in rels.iter(_PKG_REL) if r.get("Id") == rel_id), None)
    if not target:
        raise ImportFileError(
            gettext(
                "The Excel file is damaged: its sheet “%(sheet)s” points to no part of the file. "
                "Open it and save it again, or save it as CSV UTF-8."
            )
            % {"sheet": title}
        )
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    shared = _xlsx_shared_strings(archive, iterparse)
    styles = _xlsx_number_styles(archive, fromstring)

    rows: list[list[Cell]] = []
    number = 0
    merged: list[str] = []  # cell ranges, as "A2:A19"
    hidden = 0  # rows of data the sheet hides (a filter)
    with archive.open(path) as stream:
        for _event, element in iterparse(stream, events=("end",)):
            if element.tag == _XL_MERGE:
                if len(merged) >= lim.max_rows:  # a real sheet merges far fewer cells
                    raise ImportFileError(_too_many_merges(lim))
                merged.append(element.get("ref", ""))
                continue
            if element.tag != _XL_ROW:
                continue
            number = int(element.get("r") or number + 1)
            shown = element.get("hidden") not in ("1", "true")
            row: list[Cell] = []
            column = -1
            for cell in element.iter(_XL_CELL):
                reference = cell.get("r")
                column = _column_index(_COLUMN.match(reference)[0]) if reference else column + 1
                value = _xlsx_value(cell, shared, styles, epoch)
                # An empty cell is no column: Excel writes one for every formatted cell (a fill
                # or border across a whole row), as CSV writes trailing separators.
                if value is None or value == "":
                    continue
                if column >= lim.max_columns:
                    raise ImportFileError(_too_many_columns(number, lim))
                row.extend([None] * (column - len(row)))
                row.append(value)
            element.clear()
            while row and row[-1] in (None, ""):
                row.pop()
            if not row:  # counted only if data follows, as in a CSV file
                continue
            blank_rows = number - 1 - len(rows)  # rows the file skipped or left empty
            if blank_rows > 0:
                if number > lim.max_rows + 1:
                    raise ImportFileError(_too_many_rows(lim))
                rows.extend([] for _ in range(blank_rows))
            _check_row(row, len(rows) + 1, lim)
            rows.append(row)
            hidden += not shown
    notes = [_sheet_read(title)] if len(names) > 1 else []
    spans = [span for ref in merged if (span := _xlsx_span(ref))]
    notes.extend(_fill_merged(rows, spans))
    if hidden:
        notes.append(_hidden_rows(hidden))
    return Sheet("XLSX", rows, notes)


def _xlsx_span(ref: str) -> tuple[int, int, int] | None:
    """A merge down one column ("A2:A19") as (column, first row, last row), 0-based; None
    for any other shape: a merge across columns is a header's decoration, not data."""
    match = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", ref)
    if not match or match[1] != match[3] or int(match[4]) <= int(match[2]):
        return None
    return _column_index(match[1]), int(match[2]) - 1, int(match[4]) - 1


def _fill_merged(rows: list[list[Cell]], spans: list[tuple[int, int, int]]) -> list[str]:
    """Give each row of a merge down a column the merged value, as the person sees it: a name
    merged over an institution's 18 rows names each of them. Rows that hold nothing else stay
    blank. Says so, since the file holds the value once."""
    filled = 0
    reach: dict[int, int] = {}  # each column's last row a merge covered
    for column, first, last in sorted(spans):
        if first >= len(rows) or column >= len(rows[first]) or rows[first][column] in (None, ""):
            continue
        if first <= reach.get(column, -1):
            continue  # merges never overlap in a real file: no cell is filled twice
        reach[column] = last
        value = rows[first][column]
        for row in rows[first + 1 : last + 1]:
            if not row or all(cell in (None, "") for cell in row):
                continue
            if column >= len(row):
                row.extend([None] * (column + 1 - len(row)))
            if row[column] in (None, ""):
                row[column] = value
                filled += 1
    if not filled:
        return []
    return [
        ngettext(
            "%(count)s cell was in a merge down a column: it was read as holding the merged value.",
            "%(count)s cells were in merges down a column: each was read as holding the merged "
            "value.",
            filled,
        )
        % {"count": filled}
    ]


def _too_many_merges(lim: Limits) -> str:
    return gettext(
        "The sheet merges more than %(limit)s cell ranges, the limit: unmerge them, or save "
        "the sheet as CSV UTF-8."
    ) % {"limit": lim.max_rows}


def _hidden_rows(count: int) -> str:
    return ngettext(
        "The sheet hides %(count)s row of data (a filter?): it was read too, as a CSV saved "
        "from the sheet would hold it.",
        "The sheet hides %(count)s rows of data (a filter?): they were read too, as a CSV saved "
        "from the sheet would hold them.",
        count,
    ) % {"count": count}


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _xlsx_shared_strings(archive: zipfile.ZipFile, iterparse: Any) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as stream:
        for _event, element in iterparse(stream, events=("end",)):
            if element.tag == _XL + "si":
                # Rich text is several runs; phonetic guides (<rPh>) are not part of the text.
                phonetic = {id(t) for r in element.iter(_XL_PHONETIC) for t in r.iter(_XL_TEXT)}
                strings.append(
                    "".join(t.text or "" for t in element.iter(_XL_TEXT) if id(t) not in phonetic)
                )
                element.clear()
    return strings


# What a number cell's style makes of it: a date, or a percentage (0.856 shown as 85.6%).
_DATE, _PERCENT = "date", "percent"


def _xlsx_number_styles(archive: zipfile.ZipFile, fromstring: Any) -> dict[int, str]:
    """The cell styles (by index) that show a number as a date or as a percentage."""
    if "xl/styles.xml" not in archive.namelist():
        return {}
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    styles = fromstring(archive.read("xl/styles.xml"))
    formats = dict(BUILTIN_FORMATS)
    for fmt in styles.iter(_XL + "numFmt"):
        formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    cell_xfs = styles.find(_XL + "cellXfs")
    if cell_xfs is None:
        return {}
    found = {}
    for index, xf in enumerate(cell_xfs.iter(_XL + "xf")):
        code = formats.get(int(xf.get("numFmtId", "0")), "")
        if is_date_format(code):
            found[index] = _DATE
        elif "%" in re.sub(r'"[^"]*"|\\.', "", code):  # a % outside quoted or escaped text
            found[index] = _PERCENT
    return found


def _percent(text: str) -> int | float:
    """A percentage cell as it reads (0.856 shown as 85.6%: 85.6), without float noise."""
    number = Decimal(text) * 100
    return int(number) if number == number.to_integral_value() else float(number)


_EXCEL_EPOCH, _EXCEL_1904_EPOCH = datetime(1899, 12, 30), datetime(1904, 1, 1)


def _xlsx_value(cell: Any, shared: list[str], styles: dict[int, str], epoch: datetime) -> Cell:
    kind = cell.get("t", "n")
    formula = cell.find(_XL_FORMULA)
    if formula is not None:
        return Formula("=" + (formula.text or ""))
    if kind == "inlineStr":
        inline = cell.find(_XL_INLINE)
        return "".join(t.text or "" for t in inline.iter(_XL_TEXT)) if inline is not None else None
    value = cell.find(_XL_VALUE)
    text = value.text if value is not None else None
    if text is None:
        return None
    if kind == "s":
        return shared[int(text)]
    if kind in {"str", "e"}:
        return text
    if kind == "b":
        return text == "1"
    if kind == "d":
        return datetime.fromisoformat(text)
    number = float(text)
    style = styles.get(int(cell.get("s", "0")))
    if style == _DATE:
        try:
            return epoch + timedelta(days=number)
        except (OverflowError, ValueError):  # no such date: the number is what the cell holds
            return number
    if style == _PERCENT and math.isfinite(number):
        return _percent(text)
    return int(number) if number.is_integer() and "E" not in text.upper() else number


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _ods(prefix: str, name: str) -> str:
    return f"{{{_ODS[prefix]}}}{name}"


_T_TABLE, _T_ROW = _ods("table", "table"), _ods("table", "table-row")
_T_CELLS = {_ods("table", "table-cell"), _ods("table", "covered-table-cell")}
_T_NAME, _T_FORMULA = _ods("table", "name"), _ods("table", "formula")
_T_STYLE, _T_DISPLAY = _ods("table", "style-name"), _ods("table", "display")
_S_STYLE, _S_NAME = _ods("style", "style"), _ods("style", "name")
_S_TABLE_PROPERTIES = _ods("style", "table-properties")
_T_COLS_REPEATED = _ods("table", "number-columns-repeated")
_T_ROWS_SPANNED = _ods("table", "number-rows-spanned")
_T_COLS_SPANNED = _ods("table", "number-columns-spanned")
_T_COVERED = _ods("table", "covered-table-cell")
_T_VISIBILITY = _ods("table", "visibility")
_T_ROWS_REPEATED = _ods("table", "number-rows-repeated")
_O_TYPE, _O_VALUE = _ods("office", "value-type"), _ods("office", "value")
_O_DATE, _O_BOOL = _ods("office", "date-value"), _ods("office", "boolean-value")
_X_P, _X_S, _X_TAB, _X_BREAK = (_ods("text", n) for n in ("p", "s", "tab", "line-break"))


_MAX_SPACES = 100_000  # beyond any cell limit, so an absurd run of spaces is refused as too long


def _ods_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == _X_S:
            # Capped: c="1000000000000" would otherwise ask for a terabyte of spaces.
            parts.append(" " * min(int(child.get(_ods("text", "c"), "1")), _MAX_SPACES))
        elif child.tag == _X_TAB:
            parts.append("\t")
        elif child.tag == _X_BREAK:
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_cell(element: Any) -> Cell:
    if formula := element.get(_T_FORMULA):
        return Formula(formula)
    kind = element.get(_O_TYPE)
    if kind in {"float", "percentage", "currency"}:
        text = element.get(_O_VALUE)
        value = float(text)
        if kind == "percentage" and math.isfinite(value):
            return _percent(text)
        return int(value) if value.is_integer() else value
    if kind == "date":
        # A date where a rank should be is explained by the rank parser (see _reject_special).
        try:
            return datetime.fromisoformat(element.get(_O_DATE, ""))
        except ValueError:
            return element.get(_O_DATE)
    if kind == "time":
        return element.get(_ods("office", "time-value"))
    if kind == "boolean":
        return element.get(_O_BOOL) == "true"
    paragraphs = [_ods_text(p) for p in element if p.tag == _X_P]
    return "\n".join(paragraphs) if paragraphs else None


def _read_ods(archive: zipfile.ZipFile, sheet: str | None, lim: Limits) -> Sheet:
    """Stream the first (or the named) table of an ODS file.

    django-import-export 4.4 reads ODS as text and fails, so this reads content.xml itself,
    with defusedxml (no entities, no external references) and without expanding the
    million repeated empty rows LibreOffice writes at the end of a sheet.
    """
    from defusedxml.ElementTree import iterparse

    rows: list[list[Cell]] = []
    names: list[str] = []
    target: str | None = None
    row: list[Cell] = []
    pending_blank_cells = pending_blank_rows = 0
    depth = 0  # nesting of tables, since a cell may hold a sub-table
    hidden_styles: set[str] = set()  # a hidden sheet (display false) is no one's table
    spans: list[tuple[int, int, int]] = []  # merges down a column: (column, first, last row)
    hidden = 0  # rows of data the sheet hides (a filter, or collapsed)
    with archive.open("content.xml") as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _T_TABLE:
                    depth += 1
                    if depth == 1:
                        names.append(element.get(_T_NAME, ""))
                        shown = element.get(_T_STYLE) not in hidden_styles
                        if target is None and (names[-1] == sheet if sheet else shown):
                            target = names[-1]
                continue
            if tag == _S_STYLE and depth == 0:
                properties = element.find(_S_TABLE_PROPERTIES)
                if properties is not None and properties.get(_T_DISPLAY) == "false":
                    hidden_styles.add(element.get(_S_NAME, ""))
                continue
            if tag == _T_TABLE:
                depth -= 1
                if depth == 0 and target is not None and names[-1] == target:
                    break
                element.clear()
                continue
            if depth != 1 or target is None or names[-1] != target:
                continue
            if tag in _T_CELLS:
                value = _ods_cell(element)
                repeat = int(element.get(_T_COLS_REPEATED, "1"))
                down = int(element.get(_T_ROWS_SPANNED, "1"))
                if (
                    down > 1
                    and value not in (None, "")
                    and tag != _T_COVERED
                    and element.get(_T_COLS_SPANNED, "1") == "1"
                ):
                    first = len(rows) + pending_blank_rows
                    spans.append((len(row) + pending_blank_cells, first, first + down - 1))
                if value in (None, ""):
                    pending_blank_cells += repeat
                else:
                    # Checked before the row grows: a blank cell repeated a billion times
                    # before a value must not become a billion-cell list.
                    if len(row) + pending_blank_cells + repeat > lim.max_columns:
                        raise ImportFileError(
                            _too_many_columns(len(rows) + pending_blank_rows + 1, lim)
                        )
                    row.extend([None] * pending_blank_cells)
                    pending_blank_cells = 0
                    row.extend([value] * repeat)
                element.clear()
            elif tag == _T_ROW:
                repeat = int(element.get(_T_ROWS_REPEATED, "1"))
                if not row:
                    pending_blank_rows += repeat
                else:
                    if len(rows) + pending_blank_rows + repeat > lim.max_rows + 1:
                        raise ImportFileError(_too_many_rows(lim))
                    rows.extend([] for _ in range(pending_blank_rows))
                    pending_blank_rows = 0
                    for _ in range(repeat):
                        _check_row(row, len(rows) + 1, lim)
                        rows.append(list(row))
                    if element.get(_T_VISIBILITY) in ("collapse", "filter"):
                        hidden += repeat
                row, pending_blank_cells = [], 0
                element.clear()
    if target is None:
        if sheet:
            raise ImportFileError(_no_such_sheet(sheet, names))
        raise ImportFileError(gettext("The OpenDocument file holds no sheet."))
    notes = [_sheet_read(target)] if len(names) > 1 or sheet else []
    notes.extend(_fill_merged(rows, spans))
    if hidden:
        notes.append(_hidden_rows(hidden))
    return Sheet("ODS", rows, notes)
