"""Import of ranking results from the spreadsheets data staff really have.

One service does the whole job, for the admin and for `manage.py import_results` alike:

1. read the file with `spreadsheets.read_sheet`, which recognises it by its content (CSV in
   UTF-8 or Windows-1252 with `,` `;` or tab, XLSX, ODS), within limits that stop zip bombs;
2. with `parsing.parse_entries`, detect the layout from the header row (long, wide, or a
   single THE table) and validate every row, collecting every error as
   `row N: column: what is wrong`;
3. match institutions in bulk by `name_key` and country, and diff against the edition's
   existing results in a couple of queries;
4. on confirm, do it all again inside one transaction, refuse if the outcome differs from the
   preview (someone changed the data in between), then write with multi-row INSERTs (COPY on
   PostgreSQL) and batched UPDATE ... FROM, together with the derived values (edition totals,
   per-country counts, national ranks).

The library's row-by-row import is about 80x slower than bulk inserts and can commit part of a
file; this module keeps django-import-export for its admin screens and permission codes only.

Every message is written in the active language (a French editor's preview is French; the
commands switch to English). Where a count is shown, ngettext agrees the words with it.
What the fingerprint hashes (values, status constants) holds no words of any language.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.core.cache import caches
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Model
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import (
    get_language,
    gettext,
    ngettext,
    override,
)

from common.pagecache import bump_generation
from schools.models import School
from spreadsheets.messages import ImportFileError, count_text
from spreadsheets.reading import read_sheet
from spreadsheets.text import CellError

from .models import FIRST_YEAR, LAST_YEAR, Edition, EditionCountry, Ranking, Result, SDGResult
from .parsing.entries import Entry, Parsed, Progress, parse_entries
from .parsing.layouts import LAYOUT_NAMES, THE_TABLE
from .parsing.values import OVERALL, parse_table, table_display, table_noun
from .ranks import Rank

logger = logging.getLogger(__name__)

DEFAULT_RANKING = "the-impact-rankings"
DEFAULT_RANKING_FIELDS = {"name": "THE Impact Rankings", "publisher": "Times Higher Education"}


# --- Matching and the diff ---------------------------------------------------------------
Values = tuple[int | None, int | None, bool, Decimal | None, Decimal | None, int | None]
_VALUE_FIELDS = ["rank_low", "rank_high", "rank_tie", "score_low", "score_high", "national_rank"]
# A change's status: constants that the fingerprint hashes, never words of a language.
NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass
class Change:
    row: int
    institution: str
    country: str
    table: str
    status: str
    old: str
    new: str

    def __str__(self) -> str:
        where = {
            "row": self.row,
            "institution": self.institution,
            "country": self.country,
            "table": self.table,
            "old": self.old,
            "new": self.new,
        }
        if self.status == NEW:
            return (
                gettext("row %(row)s: %(institution)s (%(country)s), %(table)s: new, %(new)s")
                % where
            )
        return (
            gettext("row %(row)s: %(institution)s (%(country)s), %(table)s: %(old)s → %(new)s")
            % where
        )


@dataclass
class ImportReport:
    """What an import did or would do: the preview and the outcome use the same report."""

    edition: str = ""
    file_format: str = ""
    layout: str = ""
    notes: list[str] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rows: int = 0  # data rows with something to import (a wide row holds up to 18 results)
    errors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new_institutions: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    fingerprint: str = ""
    written: bool = False
    stale: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def layout_display(self) -> str:
        return str(LAYOUT_NAMES.get(self.layout, self.layout))

    def summary(self) -> str:
        counts = [
            (ngettext("%(count)s new", "%(count)s new", self.new), self.new),
            (ngettext("%(count)s updated", "%(count)s updated", self.updated), self.updated),
            (
                ngettext("%(count)s unchanged", "%(count)s unchanged", self.unchanged),
                self.unchanged,
            ),
            (ngettext("%(count)s skipped", "%(count)s skipped", self.skipped), self.skipped),
            (ngettext("%(count)s error", "%(count)s errors", len(self.errors)), len(self.errors)),
        ]
        return ", ".join(text % {"count": count_text(count)} for text, count in counts)


@dataclass
class Options:
    year: int
    ranking: str = DEFAULT_RANKING
    table: str | None = None
    sheet: str | None = None
    filename: str = ""


def _values(entry: Entry, existing: Values | None, national: int | None) -> Values:
    """The stored values an entry leads to; what the file does not give is kept."""
    old_score = (existing[3], existing[4]) if existing else (None, None)
    score = entry.score if entry.score is not None else old_score
    if national is None:
        national = existing[5] if existing else None
    rank = entry.rank
    return (rank.low, rank.high, rank.tie, score[0], score[1], national)


@lru_cache(maxsize=8192)  # a full edition repeats the same few hundred values
def _describe(values: Values | None, language: str | None) -> str:
    """Stored values in words, in `language`: the caller passes the active language once per
    import (translation.get_language()), which keys the cache, since a worker serves both."""
    with override(language):
        if values is None or values[0] is None:
            return gettext("no rank")
        text = str(Rank(values[0], values[1], values[2]))
        if values[3] is not None:
            score = number_format(values[3])
            if values[4] is not None:
                score += f"–{number_format(values[4])}"
            text = gettext("%(rank)s, score %(score)s") % {"rank": text, "score": score}
        if values[5] is not None:
            text = gettext("%(description)s, national %(national)s") % {
                "description": text,
                "national": values[5],
            }
        return text


def is_complete(entries: list[Entry]) -> bool:
    """Whether entries make a whole table: it starts at 1 and reaches its last rank's position.

    A press office's extract (its own schools) does not start at 1, or stops short, and must
    not be mistaken for the world total.
    """
    if not entries:
        return False
    best = min(entry.rank.low for entry in entries)
    last = max(entry.rank.low for entry in entries)
    return best == 1 and len(entries) >= last


def national_ranks(entries: list[Entry]) -> dict[int, int]:
    """Each entry's position among its country's entries (by row number).

    Equal ranks share a position, and the next one skips as many ("1, 2, 2, 4"): two French
    institutions in the 401–600 band are both 2nd in France; nothing in a band orders them.
    """
    by_country: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_country[entry.country].append(entry)
    positions: dict[int, int] = {}
    for group in by_country.values():
        group.sort(key=lambda e: e.rank.sort_key)
        previous_key, position = None, 0
        for index, entry in enumerate(group, start=1):
            if entry.rank.sort_key != previous_key:
                position, previous_key = index, entry.rank.sort_key
            positions[entry.row] = position
    return positions


@dataclass
class _Plan:
    report: ImportReport
    edition: Edition | None
    ranking: Ranking | None
    school_ids: dict[tuple[str, str], int]
    new_schools: dict[tuple[str, str], str]  # key -> name as the file spells it
    results: dict[int, tuple[int, Values]]  # school id -> (result id, values)
    sdg_results: dict[tuple[int, int], tuple[int, Values]]  # (result id, sdg) -> (id, values)
    targets: list[tuple[Entry, Values | None, Values, str]]  # entry, old, new values, status
    totals: tuple[int, dict[str, int]] | None  # derived edition totals to write, or None
    stored_totals: tuple[int | None, dict[str, int]] | None  # what they replace, or None


def _plan(parsed: Parsed, options: Options, report: ImportReport, *, lock: bool) -> _Plan:
    ranking = Ranking.objects.filter(slug=options.ranking).first()
    if ranking is None and options.ranking != DEFAULT_RANKING:
        raise ImportFileError(
            gettext("There is no ranking “%(ranking)s”.") % {"ranking": options.ranking}
        )
    edition = None
    if ranking is not None:
        editions = Edition.objects.filter(ranking=ranking, year=options.year)
        if lock:
            editions = editions.select_for_update()
        edition = editions.first()
    report.edition = f"{ranking or DEFAULT_RANKING_FIELDS['name']} {options.year}"
    if edition is None:
        report.notes.append(
            gettext("The edition %(edition)s is new: the import creates it.")
            % {"edition": report.edition}
        )

    entries = parsed.entries
    keys = {entry.key for entry in entries}
    school_ids = _match_schools(keys)
    new_schools = {}
    for entry in entries:
        if entry.key not in school_ids and entry.key not in new_schools:
            new_schools[entry.key] = entry.name
    report.new_institutions = [f"{name} ({key[1]})" for key, name in new_schools.items()]

    results: dict[int, tuple[int, Values]] = {}
    sdg_results: dict[tuple[int, int], tuple[int, Values]] = {}
    countries_of: dict[int, str] = {}
    if edition is not None:
        result_rows = Result.objects.filter(edition=edition).order_by()
        sdg_rows = SDGResult.objects.filter(result__edition=edition).order_by()
        if lock and connection.features.has_select_for_update_of:
            result_rows = result_rows.select_for_update(of=("self",))
            sdg_rows = sdg_rows.select_for_update(of=("self",))
        for pk, school_id, country, *values in result_rows.values_list(
            "pk", "school_id", "school__country", *_VALUE_FIELDS
        ):
            results[school_id] = (pk, tuple(values))
            countries_of[school_id] = country
        for pk, result_id, sdg, *values in sdg_rows.values_list(
            "pk", "result_id", "sdg_id", *_VALUE_FIELDS
        ):
            sdg_results[(result_id, sdg)] = (pk, tuple(values))

    # What each entry finds stored now, and the tables the file changes. Derived values are
    # written only for a whole table that the file changes: re-importing an export (or the
    # same file) must leave everything as it is.
    by_table: dict[int, list[Entry]] = defaultdict(list)
    olds: list[Values | None] = []
    changed_tables: set[int] = set()
    for entry in entries:
        by_table[entry.table].append(entry)
        existing = None
        school_id = school_ids.get(entry.key)
        if school_id is not None and school_id in results:
            result_id, result_values = results[school_id]
            if entry.table != OVERALL:
                found = sdg_results.get((result_id, entry.table))
                existing = found[1] if found else None
            elif result_values[0] is not None:
                existing = result_values
        olds.append(existing)
        if existing is None or _values(entry, existing, entry.national_rank) != existing:
            changed_tables.add(entry.table)
    whole = {table for table, table_entries in by_table.items() if is_complete(table_entries)}
    # By table and row: a wide row holds one entry per table, all with the same row number.
    derived_national: dict[tuple[int, int], int] = {}
    for table, table_entries in sorted(by_table.items()):
        if table in changed_tables and table in whole:
            derived_national.update(
                ((table, row), position) for row, position in national_ranks(table_entries).items()
            )
            report.derived.append(
                ngettext(
                    "The %(table)s is whole (%(count)s institution): "
                    "national ranks the file leaves out are derived from it.",
                    "The %(table)s is whole (%(count)s institutions): "
                    "national ranks the file leaves out are derived from it.",
                    len(table_entries),
                )
                % {"table": table_noun(table), "count": count_text(len(table_entries))}
            )

    _note_left_out(report, by_table, whole, school_ids, results, sdg_results)

    labels = {table: table_display(table) for table in by_table}
    # The descriptions are in the active language, which keys their cache: read it once here.
    language = get_language()
    targets: list[tuple[Entry, Values | None, Values, str]] = []
    changes = report.changes
    for entry, existing in zip(entries, olds, strict=True):
        national = entry.national_rank or derived_national.get((entry.table, entry.row))
        values = _values(entry, existing, national)
        status = NEW if existing is None else UNCHANGED if values == existing else UPDATED
        targets.append((entry, existing, values, status))
        if status == UNCHANGED:
            continue
        changes.append(
            Change(
                entry.row,
                entry.name,
                entry.country,
                labels[entry.table],
                status,
                _describe(existing, language),
                _describe(values, language),
            )
        )
    report.new = sum(1 for change in changes if change.status == NEW)
    report.updated = len(changes) - report.new
    report.unchanged = len(targets) - len(changes)

    totals = stored_totals = None
    if OVERALL in changed_tables and OVERALL in whole:
        totals = _edition_totals(by_table[OVERALL], school_ids, results, countries_of)
        stored_totals = _stored_totals(edition)
        if stored_totals[0] is not None and totals[0] < stored_totals[0]:
            # A press office's top-N extract starts at 1 and has no gap, so it passes for a
            # whole table; the world total an editor typed from THE's page must not shrink to it.
            report.notes.append(
                gettext(
                    "The edition says %(stored)s institutions are ranked, more than the "
                    "%(derived)s the overall table gives once the file is in: the file may be "
                    "an extract. The edition's totals are kept as they are; edit them in the "
                    "admin if they are wrong."
                )
                % {"stored": count_text(stored_totals[0]), "derived": count_text(totals[0])}
            )
            totals = stored_totals = None
        else:
            _describe_totals(report, edition, totals)
    return _Plan(
        report,
        edition,
        ranking,
        school_ids,
        new_schools,
        results,
        sdg_results,
        targets,
        totals,
        stored_totals,
    )


def _stored_totals(edition: Edition | None) -> tuple[int | None, dict[str, int]]:
    """The edition's totals as stored now: worldwide (None when unknown) and per country."""
    if edition is None:
        return None, {}
    per_country = EditionCountry.objects.filter(edition=edition).order_by("country")
    return edition.institutions_ranked, dict(
        per_country.values_list("country", "institutions_ranked")
    )


def _note_left_out(
    report: ImportReport,
    by_table: dict[int, list[Entry]],
    whole: set[int],
    school_ids: dict[tuple[str, str], int],
    results: dict[int, tuple[int, Values]],
    sdg_results: dict[tuple[int, int], tuple[int, Values]],
) -> None:
    """Say which stored results a whole table in the file leaves out.

    The import never deletes: an institution dropped from a corrected table keeps its stored
    result until an editor deletes it. The preview names them, so that is a choice, not a
    surprise. One query, only when there is something to name.
    """
    if not results:
        return
    school_of = {pk: school_id for school_id, (pk, _values) in results.items()}
    stored: dict[int, set[int]] = defaultdict(set)
    for school_id, (_pk, values) in results.items():
        if values[0] is not None:
            stored[OVERALL].add(school_id)
    for result_id, sdg in sdg_results:
        stored[sdg].add(school_of[result_id])
    left_out = {
        table: missing
        for table, entries in sorted(by_table.items())
        if table in whole and stored[table]
        if (missing := stored[table] - {school_ids.get(entry.key) for entry in entries})
    }
    if not left_out:
        return
    names = dict(
        School.objects.filter(pk__in=set().union(*left_out.values()))
        .order_by()
        .values_list("pk", "name")
    )
    for table, missing in left_out.items():
        listed = sorted(names[school_id] for school_id in missing)
        shown = ", ".join(listed[:5])
        if len(listed) > 5:
            more = len(listed) - 5
            shown = ngettext(
                "%(names)s and %(count)s more", "%(names)s and %(count)s more", more
            ) % {
                "names": shown,
                "count": count_text(more),
            }
        report.notes.append(
            ngettext(
                "The %(table)s in the file is whole, but %(count)s institution(s) stored in it "
                "are not in the file: %(names)s. The import leaves their results as they are; "
                "delete them in the admin if they should go.",
                "The %(table)s in the file is whole, but %(count)s institution(s) stored in it "
                "are not in the file: %(names)s. The import leaves their results as they are; "
                "delete them in the admin if they should go.",
                len(listed),
            )
            % {"table": table_noun(table), "count": count_text(len(listed)), "names": shown}
        )


def _match_schools(keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Known institutions by (name_key, country), in one query."""
    if not keys:
        return {}
    names = {key[0] for key in keys}
    country_codes = {key[1] for key in keys}
    found = (
        School.objects.filter(name_key__in=names, country__in=country_codes)
        .order_by()
        .values_list("name_key", "country", "pk")
    )
    return {(key, country): pk for key, country, pk in found if (key, country) in keys}


def _edition_totals(
    overall: list[Entry],
    school_ids: dict[tuple[str, str], int],
    results: dict[int, tuple[int, Values]],
    countries_of: dict[int, str],
) -> tuple[int, dict[str, int]]:
    """Institutions with an overall rank once the file is in, worldwide and per country."""
    per_country: Counter[str] = Counter(entry.country for entry in overall)
    in_file = {school_ids.get(entry.key) for entry in overall}
    for school_id, (_pk, values) in results.items():
        if school_id not in in_file and values[0] is not None:
            per_country[countries_of[school_id]] += 1
    return sum(per_country.values()), dict(sorted(per_country.items()))


def _describe_totals(
    report: ImportReport, edition: Edition | None, totals: tuple[int, dict[str, int]]
) -> None:
    total, per_country = totals
    was = edition.institutions_ranked if edition else None
    total_text = count_text(total)
    if was is not None and was != total:
        total_text = gettext("%(total)s (was %(was)s)") % {
            "total": total_text,
            "was": count_text(was),
        }
    countries_text = ngettext("%(count)s country", "%(count)s countries", len(per_country)) % {
        "count": len(per_country)
    }
    if "FR" in per_country:
        countries_text = gettext("%(countries)s (France: %(france)s)") % {
            "countries": countries_text,
            "france": per_country["FR"],
        }
    report.derived.append(
        gettext("Institutions ranked in the edition: %(total)s, in %(countries)s.")
        % {"total": total_text, "countries": countries_text}
    )


def _fingerprint(plan: _Plan) -> str:
    """A digest of everything the preview showed: confirm refuses when it no longer matches."""
    digest = hashlib.sha256()
    # Which edition: a confirm must write where the preview looked.
    digest.update(
        repr([plan.ranking and plan.ranking.pk, plan.edition and plan.edition.pk]).encode()
    )
    for entry, old, new, status in plan.targets:
        digest.update(repr((entry.row, entry.key, entry.table, old, new, status)).encode())
    digest.update(repr(sorted(plan.new_schools)).encode())
    # The totals written, and the ones they replace: a total edited since the preview (which
    # showed "was ...") makes the confirm refuse like any other change.
    digest.update(repr((plan.totals, plan.stored_totals)).encode())
    return digest.hexdigest()


# --- Writing -----------------------------------------------------------------------------
def _write(plan: _Plan, options: Options) -> None:
    ranking = plan.ranking
    if ranking is None:
        ranking, _ = Ranking.objects.get_or_create(
            slug=DEFAULT_RANKING, defaults=DEFAULT_RANKING_FIELDS
        )
    edition = plan.edition
    if edition is None:
        edition = Edition.objects.create(ranking=ranking, year=options.year)

    school_ids = dict(plan.school_ids)
    if plan.new_schools:
        # Institutions known only from ranking tables: no group, kind "other", and the
        # optional text fields empty, as a School() would have them.
        taken = set(School.objects.order_by().values_list("slug", flat=True))
        new_schools = [
            (name, key, country, _free_slug(name, taken), School.Kind.OTHER.value, "", "", "")
            for (key, country), name in plan.new_schools.items()
        ]
        columns = ["name", "name_key", "country", "slug", "kind", "short_name", "city", "website"]
        for key, country, pk in _insert_values(
            School, columns, new_schools, returning=["name_key", "country", "id"]
        ):
            school_ids[(key, country)] = pk

    results = dict(plan.results)
    overall_values = {
        entry.key: values for entry, _old, values, _status in plan.targets if entry.table == OVERALL
    }
    empty: Values = (None, None, False, None, None, None)
    new_results = [
        (edition.pk, school_ids[key], *overall_values.get(key, empty))
        for key in dict.fromkeys(entry.key for entry, *_rest in plan.targets)
        if school_ids[key] not in results
    ]
    created_ids = set()
    columns = ["edition_id", "school_id", *_VALUE_FIELDS]
    for school_id, pk in _insert_values(
        Result, columns, new_results, returning=["school_id", "id"]
    ):
        results[school_id] = (pk, empty)
        created_ids.add(pk)

    changed_results: list[tuple[int, Values]] = []
    changed_sdg: list[tuple[int, Values]] = []
    new_sdg = []
    for entry, _old, values, status in plan.targets:
        result_id = results[school_ids[entry.key]][0]
        if entry.table == OVERALL:
            # A result created just above already holds its overall values.
            if status != UNCHANGED and result_id not in created_ids:
                changed_results.append((result_id, values))
        elif (result_id, entry.table) in plan.sdg_results:
            if status != UNCHANGED:
                changed_sdg.append((plan.sdg_results[(result_id, entry.table)][0], values))
        else:
            new_sdg.append((result_id, entry.table, *values))
    _update_values(Result, changed_results)
    _insert_values(SDGResult, ["result_id", "sdg_id", *_VALUE_FIELDS], new_sdg)
    _update_values(SDGResult, changed_sdg)

    if plan.totals is not None:
        total, per_country = plan.totals
        stored_total, stored = plan.stored_totals or (None, {})
        if stored_total != total:
            edition.institutions_ranked = total
            edition.save(update_fields=["institutions_ranked"])
        if stored != per_country:
            EditionCountry.objects.filter(edition=edition).delete()
            EditionCountry.objects.bulk_create(
                EditionCountry(edition=edition, country=country, institutions_ranked=count)
                for country, count in per_country.items()
            )


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
    columns = ["id", *_VALUE_FIELDS]
    names = ", ".join(qn(name) for name in columns)
    assignments = ", ".join(f"{qn(name)} = v.{qn(name)}" for name in _VALUE_FIELDS)
    with connection.cursor() as cursor:
        for batch in _batches([(pk, *values) for pk, values in updates]):
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
    base = slugify(name)[:240] or "school"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


# --- The service -------------------------------------------------------------------------


class _Rollback(Exception):
    pass


def preview_import(data: bytes, *, options: Options) -> ImportReport:
    """The dry run: what the file would change, and every error, without writing anything."""
    report = ImportReport()
    parsed = _read(data, options, report)
    if parsed is None:
        return report
    try:
        plan = _plan(parsed, options, report, lock=False)
    except ImportFileError as error:
        report.errors.extend(str(error).splitlines())
        return report
    report.fingerprint = _fingerprint(plan)
    return report


def run_import(
    data: bytes,
    *,
    options: Options,
    expected_fingerprint: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate again and write everything in one transaction, or nothing.

    With `expected_fingerprint` (from the preview), nothing is written when the outcome would
    differ from what the preview showed, because the data changed in the meantime.
    """
    report = ImportReport()
    parsed = _read(data, options, report, progress)
    if parsed is None:
        return report
    if report.errors:
        return report
    if progress is not None:
        progress("writing", report.rows, report.rows)
    try:
        with transaction.atomic():
            _one_import_at_a_time()
            plan = _plan(parsed, options, report, lock=True)
            if expected_fingerprint is not None and _fingerprint(plan) != expected_fingerprint:
                report.stale = True
                report.errors.append(
                    gettext(
                        "The data changed since the preview (someone else edited or imported "
                        "these results): nothing was written. Preview the file again."
                    )
                )
                raise _Rollback
            _write(plan, options)
            # bulk writes send no save signals: empty the public page cache ourselves, on
            # every app server, once the rows are visible.
            transaction.on_commit(bump_generation)
    except _Rollback:
        return report
    except ImportFileError as error:
        report.errors.extend(str(error).splitlines())
        return report
    except (OperationalError, InterfaceError):
        # The transaction died with the connection (a database restart, a network cut);
        # Django drops the broken connection, so the next request connects afresh.
        logger.exception("Database connection lost during a results import")
        report.errors.append(
            gettext(
                "The connection to the database was lost during the import: nothing was "
                "written. Try again in a moment."
            )
        )
        return report
    except IntegrityError:
        report.stale = True
        report.errors.append(
            gettext(
                "Another change to the same results was saved while this import ran: nothing "
                "was written. Preview the file again."
            )
        )
        return report
    report.written = True
    return report


# Any constant: the key of the PostgreSQL advisory lock that imports queue on.
_IMPORT_LOCK = 7_020_001


def _one_import_at_a_time() -> None:
    """Make a concurrent import wait for this one's commit, then plan against what it wrote.

    Row locks cannot cover rows that do not exist yet: two files naming the same new
    institution would both create it and one would fail on the unique name. SQLite runs one
    writer at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK])


def _read(
    data: bytes, options: Options, report: ImportReport, progress: Progress | None = None
) -> Parsed | None:
    if not FIRST_YEAR <= options.year <= LAST_YEAR:
        report.errors.append(
            gettext("The edition year %(year)s is not between 2000 and 2100.")
            % {"year": options.year}
        )
        return None
    try:
        table = None if options.table in (None, "") else parse_table(options.table)
    except CellError as error:
        report.errors.append(gettext("The table option: %(problem)s.") % {"problem": error})
        return None
    try:
        sheet = read_sheet(data, sheet=options.sheet or None, filename=options.filename)
        report.file_format = sheet.format
        report.notes.extend(sheet.notes)
        parsed = parse_entries(sheet, table=table, progress=progress)
    except ImportFileError as error:
        report.errors.extend(str(error).splitlines())
        return None
    report.layout = parsed.header.layout
    report.skipped = parsed.skipped
    report.rows = len({entry.row for entry in parsed.entries})
    report.notes.extend(parsed.notes)
    if parsed.header.ignored:
        report.notes.append(
            gettext("Columns ignored: %(columns)s.") % {"columns": ", ".join(parsed.header.ignored)}
        )
    if table is not None and parsed.header.layout != THE_TABLE:
        report.notes.append(
            gettext(
                "The file is in the %(layout)s layout, which says the table of every row: "
                "the table option was ignored."
            )
            % {"layout": report.layout_display}
        )
    report.errors.extend(parsed.errors)
    return parsed


# --- Keeping an upload between preview and confirm -------------------------------------
# App servers will not share a disk: the uploaded bytes wait in the cache, which production
# shares between servers. These three functions are the only place that knows.
_UPLOAD_PREFIX = "results-import:"
UPLOAD_TIMEOUT = 60 * 60


def stash_upload(data: bytes) -> str:
    token = secrets.token_urlsafe(24)
    caches["default"].set(_UPLOAD_PREFIX + token, data, UPLOAD_TIMEOUT)
    return token


def unstash_upload(token: str) -> bytes | None:
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token or ""):
        return None
    return caches["default"].get(_UPLOAD_PREFIX + token)


def discard_upload(token: str) -> None:
    caches["default"].delete(_UPLOAD_PREFIX + token)
