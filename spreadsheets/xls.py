"""Old Excel workbooks (.xls, BIFF8), read with xlrd as django-import-export reads them.

What a sheet holds comes out as the other formats give it: merged cells down a column filled,
rows a filter hides counted, a percentage as it shows, a date as a date (which a column
refuses). A formula cell holds the value the program last computed, which is what is read;
only a formula that is nothing but a whole number (=64, a tie typed into a CSV) is kept as a
formula, for the rank parser to read as the tie.
"""

from __future__ import annotations

import io
import re
import struct
from typing import Any

from django.utils.translation import gettext, ngettext

from .cells import Cell, Formula, Sheet
from .limits import Limits, check_row, too_many_columns, too_many_rows
from .messages import ImportFileError
from .workbooks import fill_merged, hidden_rows, no_such_sheet, percent, sheet_read

# BIFF record types (MS-XLS 2.3): a sheet's substream runs from its BOF to the matching EOF.
_FORMULA, _SHARED_FORMULA, _BOF, _EOF = 0x0006, 0x04BC, 0x0809, 0x000A
# Formula tokens: a 16-bit whole number constant; a pointer to a formula several cells share.
_PTG_INT, _PTG_EXP = 0x1E, 0x01


def read_xls(data: bytes, sheet: str | None, lim: Limits) -> Sheet:
    import xlrd

    try:
        # on_demand keeps the workbook stream, which `_formulas` reads; xlrd writes its
        # warnings to a log, kept off the server's output.
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError, struct.error, ValueError, IndexError) as e:
        raise ImportFileError(_unreadable()) from e
    try:
        return _read_book(book, sheet, lim)
    except (xlrd.XLRDError, struct.error, IndexError, KeyError) as error:
        raise ImportFileError(_unreadable()) from error
    finally:
        book.release_resources()


def _unreadable() -> str:
    return gettext(
        "The .xls file cannot be read: it is damaged, protected by a password, or not an Excel "
        "workbook. Open it and save it as .xlsx or as CSV UTF-8."
    )


def _read_book(book: Any, sheet: str | None, lim: Limits) -> Sheet:
    names = book.sheet_names()
    if not names:
        raise ImportFileError(gettext("The Excel file holds no sheet."))
    if sheet and sheet not in names:
        raise ImportFileError(no_such_sheet(sheet, names))
    if sheet:
        index = names.index(sheet)
    else:
        # The first sheet Excel shows: a hidden one (lookup lists) is no one's table.
        index = next((i for i in range(len(names)) if book.sheet_by_index(i).visibility == 0), 0)
    page = book.sheet_by_index(index)
    if page.nrows > lim.max_rows + 1:
        raise ImportFileError(too_many_rows(lim))
    formulas = _formulas(book, index)
    xf_kinds = _number_kinds(book)

    rows: list[list[Cell]] = []
    hidden = 0
    for r in range(page.nrows):
        row: list[Cell] = []
        for c, cell in enumerate(page.row(r)):
            value = _value(cell, xf_kinds, book.datemode)
            tied = formulas.get((r, c))
            if tied is not None:
                value = Formula(f"={tied}")
            if value is None or value == "":
                continue
            if c >= lim.max_columns:
                raise ImportFileError(too_many_columns(r + 1, lim))
            row.extend([None] * (c - len(row)))
            row.append(value)
        if not row:
            continue
        rows.extend([] for _ in range(r - len(rows)))  # blank rows count when data follows
        check_row(row, len(rows) + 1, lim)
        rows.append(row)
        info = page.rowinfo_map.get(r)
        hidden += bool(info is not None and info.hidden)

    notes = [sheet_read(names[index])] if len(names) > 1 else []
    spans = [
        (first_col, first_row, last_row - 1)
        for first_row, last_row, first_col, last_col in page.merged_cells
        if last_col - first_col == 1 and last_row - first_row > 1
    ]
    notes.extend(fill_merged(rows, spans))
    if hidden:
        notes.append(hidden_rows(hidden))
    computed = sum(1 for tie in formulas.values() if tie is None)
    if computed:
        notes.append(
            ngettext(
                "%(count)s cell of this .xls file holds a formula: it was read as the value "
                "the spreadsheet program last computed.",
                "%(count)s cells of this .xls file hold formulas: they were read as the values "
                "the spreadsheet program last computed.",
                computed,
            )
            % {"count": computed}
        )
    return Sheet("XLS", rows, notes)


def _value(cell: Any, kinds: dict[int, str], datemode: int) -> Cell:
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        return cell.value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return cell.value
    number = float(cell.value)
    if kinds.get(cell.xf_index) == "percent" and number == number and abs(number) != float("inf"):
        return percent(repr(number))
    return int(number) if number.is_integer() else number


def _number_kinds(book: Any) -> dict[int, str]:
    """The cell styles (by index) that show a number as a percentage (xlrd tells dates)."""
    kinds = {}
    for index, xf in enumerate(book.xf_list):
        fmt = book.format_map.get(xf.format_key)
        if fmt is not None and "%" in re.sub(r'"[^"]*"|\\.', "", fmt.format_str):
            kinds[index] = "percent"
    return kinds


def _formulas(book: Any, index: int) -> dict[tuple[int, int], int | None]:
    """The sheet's formula cells, (row, column) -> the whole number of a formula that is only
    that number (=64), or None for any other formula.

    xlrd gives a formula cell's cached value and drops the formula, so a tie typed as =64
    would read as 64; this walks the sheet's records for the formulas themselves.
    """
    mem, position = book.mem, book._sh_abs_posn[index]
    found: dict[tuple[int, int], int | None] = {}
    # LibreOffice writes a formula repeated down a column (=64 on 30 rows) once, as a shared
    # formula that each cell points to by its first cell.
    shared: dict[tuple[int, int], int | None] = {}
    pointers: dict[tuple[int, int], tuple[int, int]] = {}
    depth = 0
    while position + 4 <= len(mem):
        kind, length = struct.unpack_from("<HH", mem, position)
        body = mem[position + 4 : position + 4 + length]
        position += 4 + length
        if kind == _BOF:
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif kind == _FORMULA and depth == 1 and length >= 22:
            row, column = struct.unpack_from("<HH", body, 0)
            tokens = _tokens(body, 20)
            found[(row, column)] = _whole_number(tokens)
            if len(tokens) == 5 and tokens[0] == _PTG_EXP:
                pointers[(row, column)] = struct.unpack_from("<HH", tokens, 1)
        elif kind == _SHARED_FORMULA and depth == 1 and length >= 10:
            first_row, _last_row, first_column = struct.unpack_from("<HHB", body, 0)
            shared[(first_row, first_column)] = _whole_number(_tokens(body, 8))
    for cell, first in pointers.items():
        found[cell] = shared.get(first)
    return found


def _tokens(body: bytes, offset: int) -> bytes:
    """A parsed formula's tokens: their size, then the tokens (MS-XLS CellParsedFormula)."""
    (size,) = struct.unpack_from("<H", body, offset)
    return body[offset + 2 : offset + 2 + size]


def _whole_number(tokens: bytes) -> int | None:
    if len(tokens) == 3 and tokens[0] == _PTG_INT:
        return struct.unpack_from("<H", tokens, 1)[0]
    return None
