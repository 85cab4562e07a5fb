"""Export of an edition's results in the long layout, which `importing` reads back unchanged.

The files are written by `spreadsheets.writing`: every cell as text, formulas defused.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F

from spreadsheets.writing import to_csv, to_ods, to_xlsx

from .models import Edition, Result, SDGResult, SubjectResult
from .parsing.values import OVERALL, table_label
from .ranks import Rank

HEADER = ["institution", "country", "table", "rank", "score", "national_rank", "category"]
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_RANK_ORDER = (F("rank_low").asc(nulls_last=True), F("rank_high").asc(nulls_last=True), "pk")
_FIELDS = ("rank_low", "rank_high", "rank_tie", "score_low", "score_high", "national_rank")


def export_rows(edition: Edition) -> Iterator[list[str]]:
    """The header, then the overall table by rank, then each SDG table (THE Impact) or subject
    table (another ranking, named in English as imports read it) by rank: two queries."""
    yield list(HEADER)
    overall = (
        Result.objects.filter(edition=edition, rank_low__isnull=False)
        .order_by(*_RANK_ORDER)
        .values_list("school__name", "school__country", *_FIELDS, "school__category")
    )
    for name, country, *values in overall:
        yield _row(name, country, OVERALL, values)
    if not edition.ranking.is_impact:
        subject_rows = (
            SubjectResult.objects.filter(result__edition=edition)
            .order_by("subject__name_key", "subject_id", *_RANK_ORDER)
            .values_list(
                "result__school__name",
                "result__school__country",
                "subject__name_en",
                *_FIELDS,
                "result__school__category",
            )
        )
        for name, country, subject, *values in subject_rows:
            yield _row(name, country, subject, values)
        return
    sdg_rows = (
        SDGResult.objects.filter(result__edition=edition)
        .order_by("sdg_id", *_RANK_ORDER)
        .values_list(
            "result__school__name",
            "result__school__country",
            "sdg_id",
            *_FIELDS,
            "result__school__category",
        )
    )
    for name, country, sdg, *values in sdg_rows:
        yield _row(name, country, sdg, values)


def _row(name: str, country: str, table: int | str, values: list) -> list[str]:
    low, high, tie, score_low, score_high, national, category = values
    if score_low is None:
        score = ""
    elif score_high is None or score_high == score_low:
        score = str(score_low)
    else:
        score = f"{score_low}–{score_high}"
    if isinstance(table, str):  # a subject's name
        label = table
    else:
        label = "overall" if table == OVERALL else table_label(table).replace(" ", "").lower()
    return [
        name,
        str(country),
        label,
        str(Rank(low, high, tie)),
        score,
        "" if national is None else str(national),
        category,  # the code (business, …), which reads back in any language; blank: unknown
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
