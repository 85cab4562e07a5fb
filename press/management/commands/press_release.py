"""Print the press release generated from the data, as plain text."""

from django.core.management.base import BaseCommand, CommandError

from press.facts import release_facts
from press.generator import LANGUAGES, plain_text, write_release
from rankings.models import Edition
from schools.models import Group


class Command(BaseCommand):
    help = "Print the press release for a group and an edition, generated from the data."

    def add_arguments(self, parser):
        parser.add_argument("--edition", type=int, required=True, help="The edition's year.")
        parser.add_argument("--group", required=True, help="The group's slug, e.g. imt.")
        parser.add_argument("--lang", choices=sorted(LANGUAGES), default="en")
        parser.add_argument(
            "--ranking",
            default=None,
            help="The ranking's slug, when several rankings have an edition that year.",
        )

    def handle(self, *args, edition: int, group: str, lang: str, ranking: str | None, **options):
        try:
            the_group = Group.objects.get(slug=group)
        except Group.DoesNotExist:
            known = ", ".join(Group.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No group with the slug {group!r} (known: {known}).") from None
        editions = Edition.objects.filter(year=edition).select_related("ranking")
        if ranking:
            editions = editions.filter(ranking__slug=ranking)
        found = list(editions[:2])
        if not found:
            raise CommandError(f"No edition {edition}" + (f" of {ranking}." if ranking else "."))
        if len(found) > 1:
            raise CommandError(
                f"Several rankings have an edition {edition}: choose one with --ranking."
            )
        release = write_release(release_facts(the_group, found[0]), lang)
        self.stdout.write(plain_text(release), ending="")
