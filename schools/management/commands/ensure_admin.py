"""Make sure a local admin account exists, and say how to log in. Refuses outside DEBUG."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin"


class Command(BaseCommand):
    help = "Create the local development superuser admin/admin if no superuser exists."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_admin only runs with DEBUG on; use createsuperuser in production."
            )
        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            User.objects.create_superuser(USERNAME, "admin@example.org", PASSWORD)
            self.stdout.write(f"Created the superuser {USERNAME!r} with the password {PASSWORD!r}.")
        names = ", ".join(User.objects.filter(is_superuser=True).values_list("username", flat=True))
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: http://127.0.0.1:8000/admin/ — superusers: {names}"
                + (
                    f" (the demo account is {USERNAME} / {PASSWORD})"
                    if User.objects.filter(username=USERNAME).exists()
                    else ""
                )
            )
        )
