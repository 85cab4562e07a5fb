"""An edition's publication day becomes a publication moment, before which it is private.

Editions stored before this were public whatever their date: they keep being public (their
day at midnight, Paris time, or the moment of the migration when they had no day).
"""

import datetime
import zoneinfo

from django.db import migrations, models
from django.utils import timezone

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def day_to_moment(apps, schema_editor):
    Edition = apps.get_model("rankings", "Edition")
    now = timezone.now()
    for edition in Edition.objects.all():
        if edition.published_on:
            moment = datetime.datetime.combine(edition.published_on, datetime.time(), PARIS)
            edition.published_at = min(moment, now)  # public already: keep it public
        else:
            edition.published_at = now
        edition.save(update_fields=["published_at"])


def moment_to_day(apps, schema_editor):
    Edition = apps.get_model("rankings", "Edition")
    for edition in Edition.objects.exclude(published_at=None):
        edition.published_on = edition.published_at.astimezone(PARIS).date()
        edition.save(update_fields=["published_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("rankings", "0012_sdg_result_check_not_foreign_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                help_text="The moment the publisher lifts its embargo (date and time, Paris time). Until then only staff see this edition, in the admin and in the site's preview; from then on every public page shows it by itself. Empty: not public yet.",
                null=True,
                verbose_name="public from",
            ),
        ),
        migrations.RunPython(day_to_moment, moment_to_day),
        migrations.RemoveField(model_name="edition", name="published_on"),
    ]
