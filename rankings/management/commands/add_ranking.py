"""`manage.py add_ranking SLUG --name NAME [--name-fr NAME] [--country CC]`: a new ranking."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from rankings.models import Ranking


class Command(BaseCommand):
    help = (
        "Add a ranking the office publishes about (THE World University Rankings, L'Étudiant…). "
        "With --country it is national: it ranks the institutions of that country only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Its short name in addresses, e.g. the-world-rankings.")
        parser.add_argument("--name", required=True, help="Its name in English.")
        parser.add_argument("--name-fr", default="", help="Its name in French (default: English).")
        parser.add_argument(
            "--country", default="", help="A national ranking's country code, e.g. FR."
        )
        parser.add_argument("--publisher", default="", help="e.g. Times Higher Education.")
        parser.add_argument("--url", default="", help="The publisher's page for this ranking.")

    def handle(self, *args, **options) -> None:
        with translation.override("en"):  # scripts read the messages
            ranking = self.add(options)
        scope = f"national ({ranking.country.code})" if ranking.is_national else "world"
        self.stdout.write(self.style.SUCCESS(f"Added the ranking {ranking.slug}: {scope}."))

    def add(self, options: dict) -> Ranking:
        country = options["country"].strip().upper()
        ranking = Ranking(
            slug=options["slug"],
            name_en=options["name"].strip(),
            name_fr=options["name_fr"].strip() or None,
            publisher=options["publisher"].strip(),
            url=options["url"].strip(),
            scope=Ranking.Scope.NATIONAL if country else Ranking.Scope.WORLD,
            country=country,
        )
        ranking.name = ranking.name_en
        try:
            ranking.full_clean()
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                    for field, messages in error.message_dict.items()
                )
            ) from error
        ranking.save()
        return ranking
