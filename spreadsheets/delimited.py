"""CSV and other delimited text: the encoding and the separator found, every row checked."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter

from django.utils.translation import gettext, ngettext

from .cells import Cell, Sheet
from .limits import Limits, check_row
from .messages import ImportFileError, at_row, count_text


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


def read_csv(data: bytes, lim: Limits) -> Sheet:
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
            check_row(row, len(rows) + blank_rows + 1, lim)
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
