"""Publishers may publish and schedule press releases without approval.

Editors keep publishing as before where a group does not ask for approval; where it does, an
editor needs another editor's approval, or to be in this group as well. The group starts empty:
the office decides who is in it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs this one now.
    app_config = apps.get_app_config("press")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    add_publishers(apps)


def add_publishers(apps) -> None:
    """The Publishers group with its permission (which must exist)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publishers.permissions.add(
        Permission.objects.get(content_type__app_label="press", codename="publish_pressrelease")
    )


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Publishers").delete()


class Migration(migrations.Migration):
    dependencies = [("press", "0007_release_review")]
    operations = [migrations.RunPython(grant, revoke)]
