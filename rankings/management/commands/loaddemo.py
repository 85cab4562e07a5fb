"""Load the demo data (IMT, its schools, editions 2020 and 2021); safe to run again."""

from django.core.management.base import BaseCommand

from rankings.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: Institut Mines-Télécom, its schools and their THE Impact Rankings "
        "results for 2020 and 2021. Running it again creates what is missing and fills in "
        "empty fields, but keeps every value someone has changed, unless --reset is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Put back the demo value of every field the demo sets, overwriting edits.",
        )

    def handle(self, *args, reset: bool = False, **options):
        summary = load_demo(reset=reset)
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Demo data: {summary}."))
