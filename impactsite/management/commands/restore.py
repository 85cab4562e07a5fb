from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from impactsite.backups import BackupError, backup_kind, restore_native, restore_portable


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`. Native replaces the whole database; portable (JSON) "
        "loads into a freshly migrated, empty database. The file is checked first: on any "
        "error the database is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args, file, yes, **options):
        try:
            portable = backup_kind(file) == "portable"
            if not yes and not portable:
                answer = input(
                    "This replaces every row of the current database. Type 'yes' to go on: "
                )
                if answer.strip() != "yes":
                    raise CommandError("Restore cancelled; nothing changed.")
            pending = restore_portable(file) if portable else restore_native(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {file}"))
        if pending:
            self.stdout.write(
                f"It was taken {pending} migration(s) ago: run `manage.py migrate` to bring it "
                "to this version."
            )
