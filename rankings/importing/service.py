"""The import's entry points, for the admin, `manage.py import_results` and the worker alike:
the options, reading the file, the preview, and the all-or-nothing run."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils.translation import gettext

from common.pagecache import bump_generation
from rankings.models import FIRST_YEAR, LAST_YEAR, Ranking
from rankings.parsing.entries import Parsed, Progress, parse_entries
from rankings.parsing.layouts import THE_TABLE
from rankings.parsing.values import SubjectTables, parse_table
from spreadsheets.messages import ImportFileError
from spreadsheets.reading import read_sheet
from spreadsheets.text import CellError

from .plan import DEFAULT_RANKING, fingerprint, plan_import
from .report import ImportReport
from .writer import write

# The name this module's lines have always been logged under: the whole import's.
logger = logging.getLogger("rankings.importing")


@dataclass
class Options:
    year: int
    ranking: str = DEFAULT_RANKING
    table: str | None = None
    sheet: str | None = None
    filename: str = ""

    @classmethod
    def build(
        cls,
        *,
        year: int,
        ranking: str | None = None,
        table: str | None = None,
        sheet: str | None = None,
        filename: str | None = None,
    ) -> Options:
        """Options from what a form, a command line or a queued job holds, where an empty
        value means the default: the ranking THE Impact Rankings, the first sheet, and for a
        single table, none given (the file must then say it)."""
        return cls(
            year=year,
            ranking=ranking or DEFAULT_RANKING,
            table=table or None,
            sheet=sheet or None,
            filename=filename or "",
        )


class _Rollback(Exception):
    pass


def preview_import(data: bytes, *, options: Options) -> ImportReport:
    """The dry run: what the file would change, and every error, without writing anything."""
    report = ImportReport()
    parsed = _read(data, options, report)
    if parsed is None:
        return report
    try:
        plan = plan_import(
            parsed, ranking_slug=options.ranking, year=options.year, report=report, lock=False
        )
    except ImportFileError as error:
        report.errors.extend(str(error).splitlines())
        return report
    report.fingerprint = fingerprint(plan)
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
            plan = plan_import(
                parsed, ranking_slug=options.ranking, year=options.year, report=report, lock=True
            )
            if expected_fingerprint is not None and fingerprint(plan) != expected_fingerprint:
                report.stale = True
                report.errors.append(
                    gettext(
                        "The data changed since the preview (someone else edited or imported "
                        "these results): nothing was written. Preview the file again."
                    )
                )
                raise _Rollback
            write(plan, year=options.year)
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
    # THE Impact's tables are the SDGs; another ranking's are subjects the file names.
    subjects = None if options.ranking == DEFAULT_RANKING else SubjectTables()
    if subjects is not None and not Ranking.objects.filter(slug=options.ranking).exists():
        # Said before the rows, which would read the ranking's tables wrongly anyway.
        report.errors.append(
            gettext("There is no ranking “%(ranking)s”.") % {"ranking": options.ranking}
        )
        return None
    try:
        parse = parse_table if subjects is None else subjects
        table = None if options.table in (None, "") else parse(options.table)
    except CellError as error:
        report.errors.append(gettext("The table option: %(problem)s.") % {"problem": error})
        return None
    try:
        sheet = read_sheet(data, sheet=options.sheet or None, filename=options.filename)
        report.file_format = sheet.format
        report.notes.extend(sheet.notes)
        parsed = parse_entries(sheet, table=table, progress=progress, subjects=subjects)
    except ImportFileError as error:
        report.errors.extend(str(error).splitlines())
        return None
    report.layout = parsed.header.layout
    report.skipped = parsed.skipped
    report.rows = len({entry.row for entry in parsed.entries})
    report.notes.extend(parsed.notes)
    report.warnings.extend(parsed.warnings)
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
