from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impactsite.backups import BackupError, restore_native, restore_portable


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`. Native replaces the whole database; portable (.json) "
        "loads into a freshly migrated, empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args, file, yes, **options):
        portable = file.suffix == ".json"
        if not yes and not portable:
            answer = input("This replaces every row of the current database. Type 'yes' to go on: ")
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            (restore_portable if portable else restore_native)(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {file}"))
