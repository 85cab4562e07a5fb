"""`manage.py export_results --edition YEAR [--ranking SLUG] --format csv|xlsx|ods [--output FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from rankings.exporting import FORMATS, export_results
from rankings.importing.plan import DEFAULT_RANKING
from rankings.models import Edition


class Command(BaseCommand):
    help = "Export an edition's results in the long layout, which import_results reads back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--edition", type=int, required=True, help="The edition's year.")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--ranking", default=DEFAULT_RANKING, help="Ranking slug.")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, **options) -> None:
        # Like import_results, in English whatever LANGUAGE_CODE says: scripts read it.
        with translation.override("en"):
            self.export(options)

    def export(self, options: dict) -> None:
        edition = (
            Edition.objects.select_related("ranking")
            .filter(ranking__slug=options["ranking"], year=options["edition"])
            .first()
        )
        if edition is None:
            raise CommandError(
                f"There is no edition {options['edition']} of the ranking {options['ranking']}."
            )
        file_format = options["format"]
        data = export_results(edition, file_format)
        output: Path | None = options["output"]
        if output is None:
            if file_format != "csv":
                raise CommandError(f"{file_format.upper()} is a binary format: give --output FILE.")
            self.stdout.write(data.decode("utf-8-sig"), ending="")
            return
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror}") from error
        self.stderr.write(f"Wrote {output} ({len(data):,} bytes).")
