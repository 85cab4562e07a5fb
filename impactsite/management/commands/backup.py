import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from impactsite.backups import BackupError, backup_native, backup_portable

DEFAULT_FOLDER = Path("backups")


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
            output = DEFAULT_FOLDER / f"impactsite-{stamp}.{'json' if portable else 'dump'}"
        # Backups hold password hashes: a 0700 folder (backups/ is ours, so an existing one is
        # closed too; a folder given with --output is only made so when this creates it) and a
        # 0600 file, written under a temporary name so a failed backup leaves no partial file.
        output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if output.parent == DEFAULT_FOLDER:
            output.parent.chmod(0o700)
        descriptor, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
        os.close(descriptor)  # mkstemp made it 0600, whatever the umask; writers keep the mode
        partial = Path(partial)
        try:
            (backup_portable if portable else backup_native)(partial)
            os.replace(partial, output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output}"))
