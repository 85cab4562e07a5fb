"""OpenDocument spreadsheets (.ods), streamed from their XML."""

from __future__ import annotations

import math
import zipfile
from datetime import datetime
from typing import Any

from django.utils.translation import gettext

from .cells import Cell, Formula, Sheet
from .limits import Limits, check_row, too_many_columns, too_many_rows
from .messages import ImportFileError
from .workbooks import fill_merged, hidden_rows, no_such_sheet, percent, sheet_read

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
            return percent(text)
        return int(value) if value.is_integer() else value
    if kind == "date":
        # A date where a rank should be is explained by the rank parser (see `text.reject_special`).
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


def read_ods(archive: zipfile.ZipFile, sheet: str | None, lim: Limits) -> Sheet:
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
                            too_many_columns(len(rows) + pending_blank_rows + 1, lim)
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
                        raise ImportFileError(too_many_rows(lim))
                    rows.extend([] for _ in range(pending_blank_rows))
                    pending_blank_rows = 0
                    for _ in range(repeat):
                        check_row(row, len(rows) + 1, lim)
                        rows.append(list(row))
                    if element.get(_T_VISIBILITY) in ("collapse", "filter"):
                        hidden += repeat
                row, pending_blank_cells = [], 0
                element.clear()
    if target is None:
        if sheet:
            raise ImportFileError(no_such_sheet(sheet, names))
        raise ImportFileError(gettext("The OpenDocument file holds no sheet."))
    notes = [sheet_read(target)] if len(names) > 1 or sheet else []
    notes.extend(fill_merged(rows, spans))
    if hidden:
        notes.append(hidden_rows(hidden))
    return Sheet("ODS", rows, notes)
