"""What a file may hold: its size, rows, columns and characters; the `RESULTS_IMPORT_*`
settings raise or lower them."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, ngettext

from .cells import Cell
from .messages import ImportFileError, at_row, count_text, megabytes


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


def check_upload_size(size: int, lim: Limits) -> None:
    """Refuse a file over the upload limit: checked on the upload's size, before reading it."""
    if size > lim.max_upload_bytes:
        raise ImportFileError(
            gettext("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": megabytes(size), "limit": megabytes(lim.max_upload_bytes)}
        )


def check_row(row: list[Cell], number: int, lim: Limits) -> None:
    if number > lim.max_rows + 1:
        raise ImportFileError(too_many_rows(lim))
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


def too_many_rows(lim: Limits) -> str:
    return ngettext(
        "The file has more than %(limit)s rows, the limit.",
        "The file has more than %(limit)s rows, the limit.",
        lim.max_rows,
    ) % {"limit": count_text(lim.max_rows)}


def too_many_columns(row: int, lim: Limits) -> str:
    return at_row(
        row,
        ngettext(
            "more than %(limit)s columns, the limit.",
            "more than %(limit)s columns, the limit.",
            lim.max_columns,
        )
        % {"limit": lim.max_columns},
    )
