"""Matching and the diff: what each entry finds stored, what it changes, and the fingerprint of
that plan, which a confirm must find again."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext

from common.text import name_key
from rankings.models import IMPACT_RANKING, Edition, Ranking, Result, SDGResult, SubjectResult
from rankings.parsing.entries import Entry, Parsed
from rankings.parsing.values import OVERALL, Table, table_display, table_noun, table_order
from schools.models import School
from spreadsheets.messages import ImportFileError, count_text

from .hand_edits import mark_hand_edits
from .report import (
    NEW,
    UNCHANGED,
    UPDATED,
    VALUE_FIELDS,
    Change,
    ImportReport,
    Stored,
    Values,
    describe,
    make,
)
from .totals import (
    Totals,
    describe_sdg_tables,
    describe_totals,
    edition_totals,
    is_complete,
    national_ranks,
    note_left_out,
    sdg_table_sizes,
    stored_totals,
)

DEFAULT_RANKING = IMPACT_RANKING
DEFAULT_RANKING_FIELDS = {
    "name": "THE Impact Rankings",
    "name_en": "THE Impact Rankings",  # whatever the language of the import
    "publisher": "Times Higher Education",
}


# An entry of the file, the values it finds stored (None: none), the ones it leads to, and its
# status. A plain tuple, unpacked where it is read (see report.make).
Target = tuple[Entry, Values | None, Values, str]


@dataclass
class Plan:
    report: ImportReport
    edition: Edition | None
    ranking: Ranking | None
    school_ids: dict[tuple[str, str], int]
    new_schools: dict[tuple[str, str], str]  # key -> name as the file spells it
    results: dict[int, Stored]  # school id -> its result
    # (result id, table) -> the SDG result (THE Impact) or the subject result (another
    # ranking, whose tables are subject names as the file spells them)
    sdg_results: dict[tuple[int, Table], Stored]
    targets: list[Target]
    totals: Totals | None  # derived edition totals to write, or None
    stored_totals: Totals | None  # what they replace, or None
    # Derived sizes of whole SDG tables to write (SDG -> institutions), and the ones replaced.
    sdg_table_sizes: dict[int, int] = field(default_factory=dict)
    stored_sdg_table_sizes: dict[int, int] = field(default_factory=dict)
    # Another ranking's subject tables: the file's spelling -> the stored subject's id, and
    # the ones the import creates (the file's spellings).
    subject_ids: dict[str, int] = field(default_factory=dict)
    new_subjects: list[str] = field(default_factory=list)
    # Institution -> the category its rows give (blank cells leave the stored one alone).
    categories: dict[tuple[str, str], str] = field(default_factory=dict)


def entry_values(entry: Entry, existing: Values | None, national: int | None) -> Values:
    """The stored values an entry leads to; what the file does not give is kept."""
    if entry.score is not None:
        score_low, score_high = entry.score
    elif existing:
        score_low, score_high = existing.score_low, existing.score_high
    else:
        score_low = score_high = None
    if national is None:
        national = existing.national_rank if existing else None
    rank = entry.rank
    return make(Values, (rank.low, rank.high, rank.tie, score_low, score_high, national))


def embargo_notes(edition: Edition | None, name: str) -> list[str]:
    """What data staff should know of who will see the results: an edition is public only
    from its publication moment, which an import never sets."""
    if edition is None or edition.published_at is None:
        return [
            gettext(
                "The edition %(edition)s has no publication moment: only staff see its results "
                "until one is set on the edition in the admin."
            )
            % {"edition": name}
        ]
    if not edition.is_public():
        moment = formats.date_format(timezone.localtime(edition.published_at), "DATETIME_FORMAT")
        return [
            gettext(
                "The edition %(edition)s is under embargo: the public sees its results from "
                "%(moment)s."
            )
            % {"edition": name, "moment": moment}
        ]
    return []


def plan_import(
    parsed: Parsed, *, ranking_slug: str, year: int, report: ImportReport, lock: bool
) -> Plan:
    """What the file would do to the edition; writes nothing. With `lock`, the edition's rows
    stay locked until the transaction ends, so the plan still holds when it is written."""
    ranking = Ranking.objects.filter(slug=ranking_slug).first()
    if ranking is None and ranking_slug != DEFAULT_RANKING:
        raise ImportFileError(
            gettext("There is no ranking “%(ranking)s”.") % {"ranking": ranking_slug}
        )
    edition = None
    if ranking is not None:
        editions = Edition.objects.filter(ranking=ranking, year=year)
        if lock:
            editions = editions.select_for_update()
        edition = editions.first()
    report.edition = f"{ranking or DEFAULT_RANKING_FIELDS['name']} {year}"
    if edition is None:
        report.notes.append(
            gettext("The edition %(edition)s is new: the import creates it.")
            % {"edition": report.edition}
        )
    report.notes.extend(embargo_notes(edition, report.edition))

    entries = parsed.entries
    keys = {entry.key for entry in entries}
    # Institutions on rows with errors too: the preview names them as such (`note_left_out`).
    school_ids = match_schools(keys | {key for key, _table in parsed.error_rows})
    new_schools = {}
    for entry in entries:
        if entry.key not in school_ids and entry.key not in new_schools:
            new_schools[entry.key] = entry.name
    report.new_institutions = [f"{name} ({country})" for (_, country), name in new_schools.items()]
    categories = file_categories(entries)

    subject_ids, new_subjects = match_subjects(parsed, ranking)
    if new_subjects:
        report.new_subjects = list(new_subjects)
        report.notes.append(
            ngettext(
                "A new subject table, which the import creates: %(names)s.",
                "New subject tables, which the import creates: %(names)s.",
                len(new_subjects),
            )
            % {"names": ", ".join(new_subjects)}
        )

    results: dict[int, Stored] = {}
    sdg_results: dict[tuple[int, Table], Stored] = {}
    countries_of: dict[int, str] = {}
    if edition is not None:
        result_rows = Result.objects.filter(edition=edition).order_by()
        sdg_rows = SDGResult.objects.filter(result__edition=edition).order_by()
        if lock and connection.features.has_select_for_update_of:
            result_rows = result_rows.select_for_update(of=("self",))
            sdg_rows = sdg_rows.select_for_update(of=("self",))
        for pk, school_id, country, *values in result_rows.values_list(
            "pk", "school_id", "school__country", *VALUE_FIELDS
        ):
            results[school_id] = (pk, make(Values, values))
            countries_of[school_id] = country
        if ranking.slug == DEFAULT_RANKING:
            for pk, result_id, sdg, *values in sdg_rows.values_list(
                "pk", "result_id", "sdg_id", *VALUE_FIELDS
            ):
                sdg_results[(result_id, sdg)] = (pk, make(Values, values))
        else:
            # Keyed by the file's spelling of the subject, as the entries are; a subject the
            # file does not name keeps its own name (the preview's "left out" note says it).
            table_of = {pk: spelling for spelling, pk in subject_ids.items()}
            subject_rows = SubjectResult.objects.filter(result__edition=edition).order_by()
            if lock and connection.features.has_select_for_update_of:
                subject_rows = subject_rows.select_for_update(of=("self",))
            for pk, result_id, subject_id, subject_name, *values in subject_rows.values_list(
                "pk", "result_id", "subject_id", "subject__name", *VALUE_FIELDS
            ):
                table = table_of.get(subject_id, subject_name)
                sdg_results[(result_id, table)] = (pk, make(Values, values))

    # What each entry finds stored now, and the tables the file changes. Derived values are
    # written only for a whole table that the file changes: re-importing an export (or the
    # same file) must leave everything as it is.
    by_table: dict[Table, list[Entry]] = defaultdict(list)
    olds: list[Values | None] = []
    news: list[Values | None] = []  # with the file's national ranks; None where nothing is stored
    changed_tables: set[Table] = set()
    for entry in entries:
        by_table[entry.table].append(entry)
        existing = None
        school_id = school_ids.get(entry.key)
        if school_id is not None and school_id in results:
            result_id, result_values = results[school_id]
            if entry.table != OVERALL:
                if (found := sdg_results.get((result_id, entry.table))) is not None:
                    _sdg_result_id, existing = found
            elif result_values.rank_low is not None:
                existing = result_values
        values = None
        if existing is not None:
            values = entry_values(entry, existing, entry.national_rank)
            if values == existing:
                # Keep the one already stored: fewer tuples for the garbage collector to track.
                values = existing
        olds.append(existing)
        news.append(values)
        if values is None or values != existing:
            changed_tables.add(entry.table)
    whole = {table for table, table_entries in by_table.items() if is_complete(table_entries)}
    # By table and row: a wide row holds one entry per table, all with the same row number.
    derived_national: dict[tuple[Table, int], int] = {}
    for table, table_entries in sorted(by_table.items(), key=lambda item: table_order(item[0])):
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

    note_left_out(report, by_table, whole, school_ids, results, sdg_results, parsed.error_rows)

    labels = {table: table_display(table) for table in sorted(by_table, key=table_order)}
    report.tables = {
        label: dict.fromkeys((NEW, UPDATED, UNCHANGED), 0) for label in labels.values()
    }
    # The descriptions are in the active language, which keys their cache: read it once here.
    language = get_language()
    targets: list[Target] = []
    changes = report.changes
    updates = []  # (change, result id, SDG result id, table): to look for hand edits
    for entry, existing, values in zip(entries, olds, news, strict=True):
        national = entry.national_rank or derived_national.get((entry.table, entry.row))
        if values is None or national != entry.national_rank:
            values = entry_values(entry, existing, national)
        status = NEW if existing is None else UNCHANGED if values == existing else UPDATED
        targets.append((entry, existing, values, status))
        report.tables[labels[entry.table]][status] += 1
        if status == UNCHANGED:
            continue
        change = Change(
            entry.row,
            entry.name,
            entry.country,
            labels[entry.table],
            status,
            describe(existing, language),
            describe(values, language),
        )
        changes.append(change)
        if status == UPDATED:
            result_id = results[school_ids[entry.key]][0]
            sdg_result = sdg_results.get((result_id, entry.table))
            is_sdg = isinstance(entry.table, int) and entry.table != OVERALL
            sdg_id = sdg_result[0] if sdg_result and is_sdg else None
            updates.append((change, result_id, sdg_id, entry.table))
    report.warnings.extend(mark_hand_edits(edition, updates))
    report.new = sum(1 for change in changes if change.status == NEW)
    report.updated = len(changes) - report.new
    report.unchanged = len(targets) - len(changes)

    totals = stored = None
    if OVERALL in changed_tables and OVERALL in whole:
        totals = edition_totals(by_table[OVERALL], school_ids, results, countries_of)
        stored = stored_totals(edition)
        if stored.total is not None and totals.total < stored.total:
            # A press office's top-N extract starts at 1 and has no gap, so it passes for a
            # whole table; the world total an editor typed from THE's page must not shrink to it.
            report.notes.append(
                gettext(
                    "The edition says %(stored)s institutions are ranked, more than the "
                    "%(derived)s the overall table gives once the file is in: the file may be "
                    "an extract. The edition's totals are kept as they are; edit them in the "
                    "admin if they are wrong."
                )
                % {"stored": count_text(stored.total), "derived": count_text(totals.total)}
            )
            totals = stored = None
        else:
            describe_totals(report, edition, totals)
    sizes, stored_sizes = sdg_table_sizes(by_table, whole, changed_tables, edition)
    describe_sdg_tables(report, sizes)
    return Plan(
        report,
        edition,
        ranking,
        school_ids,
        new_schools,
        results,
        sdg_results,
        targets,
        totals,
        stored,
        sizes,
        stored_sizes,
        subject_ids,
        new_subjects,
        categories,
    )


def match_subjects(parsed: Parsed, ranking: Ranking | None) -> tuple[dict[str, int], list[str]]:
    """The stored subjects the file's subject tables are (by name_key), and the new ones."""
    named = list(dict.fromkeys(e.table for e in parsed.entries if isinstance(e.table, str)))
    if not named:
        return {}, []
    known = {}
    if ranking is not None:
        known = dict(ranking.subjects.order_by().values_list("name_key", "pk"))
    subject_ids = {name: known[name_key(name)] for name in named if name_key(name) in known}
    return subject_ids, [name for name in named if name not in subject_ids]


def file_categories(entries: list[Entry]) -> dict[tuple[str, str], str]:
    """Each institution's category as the file gives it: the first row that says."""
    categories: dict[tuple[str, str], str] = {}
    for entry in entries:
        if entry.category:
            categories.setdefault(entry.key, entry.category)
    return categories


def match_schools(keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Known institutions by (name_key, country), in one query."""
    if not keys:
        return {}
    names = {name_key for name_key, _country in keys}
    country_codes = {country for _name_key, country in keys}
    found = (
        School.objects.filter(name_key__in=names, country__in=country_codes)
        .order_by()
        .values_list("name_key", "country", "pk")
    )
    return {(key, country): pk for key, country, pk in found if (key, country) in keys}


def fingerprint(plan: Plan) -> str:
    """A digest of everything the preview showed: confirm refuses when it no longer matches."""
    digest = hashlib.sha256()
    # Which edition: a confirm must write where the preview looked.
    digest.update(
        repr([plan.ranking and plan.ranking.pk, plan.edition and plan.edition.pk]).encode()
    )
    # Plain tuples, whose repr is the one hashed before the values had names: a preview shown
    # before an upgrade still confirms after it.
    for entry, old, new, status in plan.targets:
        old = None if old is None else tuple(old)
        digest.update(repr((entry.row, entry.key, entry.table, old, tuple(new), status)).encode())
    digest.update(repr(sorted(plan.new_schools)).encode())
    if plan.new_subjects or plan.subject_ids:  # THE Impact's fingerprints stay as they were
        digest.update(repr((sorted(plan.subject_ids.items()), plan.new_subjects)).encode())
    # The totals written, and the ones they replace: a total edited since the preview (which
    # showed "was ...") makes the confirm refuse like any other change.
    totals = None if plan.totals is None else tuple(plan.totals)
    stored = None if plan.stored_totals is None else tuple(plan.stored_totals)
    digest.update(repr((totals, stored)).encode())
    if plan.sdg_table_sizes:  # absent from digests made before SDG tables had sizes
        digest.update(repr((plan.sdg_table_sizes, plan.stored_sdg_table_sizes)).encode())
    if plan.categories:  # absent from digests made before institutions had categories
        digest.update(repr(sorted(plan.categories.items())).encode())
    return digest.hexdigest()
