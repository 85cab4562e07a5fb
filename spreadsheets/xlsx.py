"""Excel workbooks (.xlsx), read straight from their XML."""

from __future__ import annotations

import math
import re
import zipfile
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext

from .cells import Cell, Formula, Sheet
from .limits import Limits, check_row, too_many_columns, too_many_rows
from .messages import ImportFileError
from .workbooks import fill_merged, hidden_rows, no_such_sheet, percent, sheet_read

_XL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_XL_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_XL_ROW, _XL_CELL, _XL_VALUE, _XL_FORMULA = (_XL + n for n in ("row", "c", "v", "f"))
_XL_INLINE, _XL_TEXT, _XL_PHONETIC = _XL + "is", _XL + "t", _XL + "rPh"
_XL_MERGE = _XL + "mergeCell"
_COLUMN = re.compile(r"[A-Z]+")


def read_xlsx(archive: zipfile.ZipFile, sheet: str | None, lim: Limits) -> Sheet:
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
        raise ImportFileError(no_such_sheet(sheet, names))
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
                    raise ImportFileError(too_many_columns(number, lim))
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
                    raise ImportFileError(too_many_rows(lim))
                rows.extend([] for _ in range(blank_rows))
            check_row(row, len(rows) + 1, lim)
            rows.append(row)
            hidden += not shown
    notes = [sheet_read(title)] if len(names) > 1 else []
    spans = [span for ref in merged if (span := _xlsx_span(ref))]
    notes.extend(fill_merged(rows, spans))
    if hidden:
        notes.append(hidden_rows(hidden))
    return Sheet("XLSX", rows, notes)


def _xlsx_span(ref: str) -> tuple[int, int, int] | None:
    """A merge down one column ("A2:A19") as (column, first row, last row), 0-based; None
    for any other shape: a merge across columns is a header's decoration, not data."""
    match = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", ref)
    if not match or match[1] != match[3] or int(match[4]) <= int(match[2]):
        return None
    return _column_index(match[1]), int(match[2]) - 1, int(match[4]) - 1


def _too_many_merges(lim: Limits) -> str:
    return gettext(
        "The sheet merges more than %(limit)s cell ranges, the limit: unmerge them, or save "
        "the sheet as CSV UTF-8."
    ) % {"limit": lim.max_rows}


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
        return percent(text)
    return int(number) if number.is_integer() and "E" not in text.upper() else number
