"""Data staff may only view press contacts: they no longer hold the permission to import
them (an import adds and changes contacts; the admin now also asks for those permissions)."""

from django.db import migrations


def _import_contacts(apps, action: str) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="schools", codename="import_presscontact"
    ).first()
    if permission is None:
        return
    for group in Group.objects.filter(name="Data staff"):
        getattr(group.permissions, action)(permission)


def revoke(apps, schema_editor):
    _import_contacts(apps, "remove")


def grant(apps, schema_editor):
    _import_contacts(apps, "add")


class Migration(migrations.Migration):
    dependencies = [("rankings", "0013_edition_publication_moment")]

    operations = [migrations.RunPython(revoke, grant)]
