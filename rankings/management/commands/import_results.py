"""`manage.py import_results FILE --edition YEAR [--ranking SLUG] [--dry-run]`: import a results
spreadsheet into THE Impact Rankings, or another ranking whose tables are subjects."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from rankings.importing.plan import DEFAULT_RANKING
from rankings.importing.report import ImportReport
from rankings.importing.service import Options, preview_import, run_import
from spreadsheets.limits import limits


class Command(BaseCommand):
    help = (
        "Import results from a CSV, XLSX or ODS file (long, wide or single THE table layout). "
        "On any invalid row nothing is written and the command exits with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", type=int, required=True, help="The edition's year.")
        parser.add_argument(
            "--ranking", default=DEFAULT_RANKING, help=f"Ranking slug (default {DEFAULT_RANKING})."
        )
        parser.add_argument(
            "--table",
            help="For a single THE table: overall, or the SDG (sdg11, 11, SDG 11); for another "
            "ranking, overall or a subject's name.",
        )
        parser.add_argument("--sheet", help="The sheet to read (default: the first).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, **options) -> None:
        # Scripts read this command's output: it stays in English whatever LANGUAGE_CODE says,
        # though the import service speaks the active language.
        with translation.override("en"):
            self.import_file(options)

    def import_file(self, options: dict) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as file:
                # One byte past the limit is enough to refuse the file with its real message.
                data = file.read(limits().max_upload_bytes + 1)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        import_options = Options.build(
            year=options["edition"],
            ranking=options["ranking"],
            table=options["table"],
            sheet=options["sheet"],
            filename=path.name,
        )
        if options["dry_run"]:
            report = preview_import(data, options=import_options)
        else:
            report = run_import(data, options=import_options)
        self.print_report(report, dry_run=options["dry_run"], verbose=options["verbosity"] >= 2)
        if report.errors:
            raise CommandError(
                f"{len(report.errors):,} error(s): nothing was written.", returncode=1
            )

    def print_report(self, report: ImportReport, *, dry_run: bool, verbose: bool) -> None:
        if report.edition:
            read = f" ({report.file_format}, {report.layout} layout)" if report.layout else ""
            self.stdout.write(f"{report.edition}{read}")
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        if report.new_institutions:
            self.stdout.write(f"{len(report.new_institutions):,} new institution(s):")
            for name in report.new_institutions if verbose else report.new_institutions[:20]:
                self.stdout.write(f"  {name}")
            if not verbose and len(report.new_institutions) > 20:
                self.stdout.write(f"  … and {len(report.new_institutions) - 20:,} more (-v 2)")
        if report.new_subjects:
            self.stdout.write(f"{len(report.new_subjects):,} new subject table(s):")
            for name in report.new_subjects:
                self.stdout.write(f"  {name}")
        if verbose:
            for change in report.changes:
                self.stdout.write(f"  {change}")
        for line in report.derived:
            self.stdout.write(line)
        for error in report.errors:
            self.stderr.write(error)
        prefix = "Dry run, nothing written: " if dry_run else "Imported: " if report.written else ""
        summary = f"{prefix}{report.summary()}"
        self.stdout.write(self.style.SUCCESS(summary) if report.ok else summary)
