"""Writing a plan: multi-row INSERTs (COPY on PostgreSQL) and batched UPDATE ... FROM, with the
derived edition totals.

Not `bulk_create` nor `bulk_update`: `_insert_values` and `_update_values` say what those cost
on a full edition (~19,000 rows, already checked and typed by the time they come here).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection
from django.db.models import Model
from django.utils.text import slugify

from common.slugs import free_slug
from rankings.models import (
    Edition,
    EditionCountry,
    Ranking,
    Result,
    SDGResult,
    SDGTable,
    Subject,
    SubjectResult,
)
from rankings.parsing.values import OVERALL
from schools.models import School, school_slug_base

from .plan import DEFAULT_RANKING, DEFAULT_RANKING_FIELDS, Plan
from .report import NO_VALUES, UNCHANGED, VALUE_FIELDS, Values
from .totals import Totals


def write(plan: Plan, *, year: int) -> None:
    ranking = plan.ranking
    if ranking is None:
        ranking, _ = Ranking.objects.get_or_create(
            slug=DEFAULT_RANKING, defaults=DEFAULT_RANKING_FIELDS
        )
    edition = plan.edition
    if edition is None:
        edition = Edition.objects.create(ranking=ranking, year=year)

    school_ids = dict(plan.school_ids)
    if plan.new_schools:
        # Institutions known only from ranking tables: no group, kind "other", and the
        # optional text fields empty, as a School() would have them.
        taken = set(School.objects.order_by().values_list("slug", flat=True))
        other = School.Kind.OTHER.value
        new_schools = [
            (name, key, country, _free_slug(name, taken), other, "", "", "", category)
            for (key, country), name in plan.new_schools.items()
            for category in [plan.categories.get((key, country), "")]
        ]
        columns = [
            *("name", "name_key", "country", "slug", "kind", "short_name", "city", "website"),
            "category",
        ]
        for key, country, pk in _insert_values(
            School, columns, new_schools, returning=["name_key", "country", "id"]
        ):
            school_ids[(key, country)] = pk
    write_categories(plan)

    results = dict(plan.results)
    overall_values = {
        entry.key: values for entry, _old, values, _status in plan.targets if entry.table == OVERALL
    }
    new_results = [
        # `+`, not `*values`, here and below: unpacking a NamedTuple takes Python's slow path
        # (~3x the time of `+`), once per row of a full edition (~19,000).
        (edition.pk, school_ids[key]) + overall_values.get(key, NO_VALUES)  # noqa: RUF005
        for key in dict.fromkeys(entry.key for entry, *_rest in plan.targets)
        if school_ids[key] not in results
    ]
    created_ids = set()
    columns = ["edition_id", "school_id", *VALUE_FIELDS]
    for school_id, pk in _insert_values(
        Result, columns, new_results, returning=["school_id", "id"]
    ):
        results[school_id] = (pk, NO_VALUES)
        created_ids.add(pk)

    # Another ranking's tables are subjects, named by the file: their ids stand for the names.
    subject_ids = dict(plan.subject_ids)
    if plan.new_subjects:
        subject_ids.update(_create_subjects(ranking, plan.new_subjects))
    table_model = SDGResult if ranking.slug == DEFAULT_RANKING else SubjectResult

    changed_results: list[tuple[int, Values]] = []
    changed_sdg: list[tuple[int, Values]] = []
    new_sdg = []
    for entry, _old, values, status in plan.targets:
        result_id, _values = results[school_ids[entry.key]]
        if entry.table == OVERALL:
            # A result created just above already holds its overall values.
            if status != UNCHANGED and result_id not in created_ids:
                changed_results.append((result_id, values))
        elif (stored := plan.sdg_results.get((result_id, entry.table))) is not None:
            if status != UNCHANGED:
                sdg_result_id, _values = stored
                changed_sdg.append((sdg_result_id, values))
        elif subject_ids:
            new_sdg.append((result_id, subject_ids[entry.table]) + values)  # noqa: RUF005
        else:
            new_sdg.append((result_id, entry.table) + values)  # noqa: RUF005
    _update_values(Result, changed_results)
    table_key = "sdg_id" if table_model is SDGResult else "subject_id"
    _insert_values(table_model, ["result_id", table_key, *VALUE_FIELDS], new_sdg)
    _update_values(table_model, changed_sdg)

    if plan.totals is not None:
        totals = plan.totals
        stored = plan.stored_totals or Totals(None, {})
        if stored.total != totals.total:
            edition.institutions_ranked = totals.total
            edition.save(update_fields=["institutions_ranked"])
        if stored.per_country != totals.per_country:
            EditionCountry.objects.filter(edition=edition).delete()
            EditionCountry.objects.bulk_create(
                EditionCountry(edition=edition, country=country, institutions_ranked=count)
                for country, count in totals.per_country.items()
            )
    write_sdg_table_sizes(edition, plan.sdg_table_sizes)


def write_categories(plan: Plan) -> None:
    """Set the category the file gives each institution it already knew: one UPDATE per
    category (four at most), touching only the rows that differ."""
    by_category: dict[str, list[int]] = {}
    for key, category in plan.categories.items():
        if key in plan.school_ids:
            by_category.setdefault(category, []).append(plan.school_ids[key])
    for category, ids in by_category.items():
        for batch in _batches([(pk,) for pk in ids]):
            School.objects.filter(pk__in=[pk for (pk,) in batch]).exclude(category=category).update(
                category=category
            )


def write_sdg_table_sizes(edition: Edition, sizes: dict[int, int]) -> None:
    """Set the sizes of the SDG tables a whole file gave, leaving the others as they are."""
    if not sizes:
        return
    SDGTable.objects.filter(edition=edition, sdg_id__in=sizes).delete()
    SDGTable.objects.bulk_create(
        SDGTable(edition=edition, sdg_id=sdg, institutions_ranked=size)
        for sdg, size in sizes.items()
    )


def _create_subjects(ranking: Ranking, names: list[str]) -> dict[str, int]:
    """The subject tables a file names and the ranking did not have, named as the file spells
    them (in English; an editor adds the French names in the admin)."""
    taken = set(ranking.subjects.values_list("slug", flat=True))
    subjects = []
    for name in names:
        slug = free_slug(slugify(name)[:90] or "subject", taken.__contains__)
        taken.add(slug)
        subjects.append(Subject(ranking=ranking, name=name, name_en=name, slug=slug))
    for subject in subjects:
        subject.save()  # a few rows: save() derives the name_key
    return {name: subject.pk for name, subject in zip(names, subjects, strict=True)}


def _batches(rows: list[tuple]) -> Iterator[list[tuple]]:
    # SQLite binds at most 32,766 parameters a statement; PostgreSQL's arrays have no limit.
    size = 10_000 if connection.vendor == "postgresql" else 1_000
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _rows_source(model: type[Model], columns: list[str], batch: list[tuple]):
    """SQL giving `batch` as rows of `columns`, and its parameters.

    PostgreSQL: one typed array per column, unnested (eight parameters, however many rows;
    psycopg would otherwise spend longer splitting a statement of 80,000 placeholders than
    the server spends inserting). SQLite: a multi-row VALUES list.
    """
    if connection.vendor == "postgresql":
        types = [model._meta.get_field(column).db_type(connection) for column in columns]
        sql = "SELECT * FROM unnest(" + ", ".join(f"%s::{t}[]" for t in types) + ")"
        return sql, [list(column) for column in zip(*batch, strict=True)]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return "VALUES " + ", ".join([row] * len(batch)), [value for r in batch for value in r]


def _update_values(model: type[Model], updates: list[tuple[int, Values]]) -> None:
    """Set the value columns of many rows: one UPDATE ... FROM a list of rows per batch.

    `bulk_update` writes a CASE with a branch per row for every column, which the database
    evaluates for every row: re-importing an edition where every rank moved took a minute.
    No casts are needed: PostgreSQL's rows come as typed arrays (a column of NULLs included),
    and SQLite (3.33+) stores the values as it does for the inserts.
    """
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ["id", *VALUE_FIELDS]
    names = ", ".join(qn(name) for name in columns)
    assignments = ", ".join(f"{qn(name)} = v.{qn(name)}" for name in VALUE_FIELDS)
    with connection.cursor() as cursor:
        for batch in _batches([(pk,) + values for pk, values in updates]):  # noqa: RUF005
            source, params = _rows_source(model, columns, batch)
            cursor.execute(
                f"WITH v ({names}) AS ({source}) "
                f"UPDATE {table} SET {assignments} FROM v "
                f"WHERE {table}.{qn('id')} = v.{qn('id')}",
                params,
            )


def _insert_values(
    model: type[Model],
    columns: list[str],
    rows: list[tuple],
    *,
    returning: list[str] | None = None,
) -> list[tuple]:
    """Insert many rows: one INSERT per batch, straight from the planned tuples.

    `bulk_create` builds a model instance per row and prepares each value through its field,
    which made it most of an import's time (a full edition is ~19,000 rows); these values are
    already checked and typed, and the database constraints still hold every row.
    With `returning`, gives those columns of the inserted rows (in no particular order).
    Without it, PostgreSQL receives the rows by COPY, its fastest way in.
    """
    if not rows:
        return []
    qn = connection.ops.quote_name
    target = f"{qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)})"
    tail = f" RETURNING {', '.join(qn(c) for c in returning)}" if returning else ""
    inserted: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not returning:
            with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return inserted
        for batch in _batches(rows):
            source, params = _rows_source(model, columns, batch)
            cursor.execute(f"INSERT INTO {target} {source}{tail}", params)
            if returning:
                inserted.extend(cursor.fetchall())
    return inserted


def _free_slug(name: str, taken: set[str]) -> str:
    """School.save()'s slug rule, without a query per school: base, base-2, base-3..."""
    slug = free_slug(school_slug_base(name), taken.__contains__)
    taken.add(slug)
    return slug
