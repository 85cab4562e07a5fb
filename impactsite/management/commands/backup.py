from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from impactsite.backups import BackupError, backup_native, backup_portable


class Command(BaseCommand):
    help = (
        "Back up the database: native (pg_dump / SQLite copy) or portable JSON with natural keys."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="File to write (default: backups/<date>.<ext>)"
        )
        parser.add_argument(
            "--portable", action="store_true", help="JSON with natural keys instead"
        )

    def handle(self, *args, output, portable, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path("backups") / f"impactsite-{stamp}.{'json' if portable else 'dump'}"
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            (backup_portable if portable else backup_native)(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output}"))
