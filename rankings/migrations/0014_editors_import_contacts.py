"""Press contacts are imported by editors, who may add and change them, not by data staff,
who may only view them (an import adds and changes contacts; the admin now also asks for
those permissions)."""

from django.db import migrations

CONTACTS_IMPORT = ["import_presscontact", "export_presscontact"]


def _move(apps, *, to: str, away_from: str) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="schools", codename__in=CONTACTS_IMPORT)
    )
    for group in Group.objects.filter(name=to):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name=away_from):
        group.permissions.remove(*[p for p in permissions if p.codename == "import_presscontact"])


def forwards(apps, schema_editor):
    _move(apps, to="Editors", away_from="Data staff")


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="schools", codename__in=CONTACTS_IMPORT
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*permissions)
    for group in Group.objects.filter(name="Data staff"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("rankings", "0013_edition_publication_moment")]

    operations = [migrations.RunPython(forwards, backwards)]
