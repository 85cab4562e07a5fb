"""Editors write and publish press releases."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    *(f"{action}_pressrelease" for action in ("view", "add", "change", "delete")),
    *(f"{action}_editorialblock" for action in ("view", "add", "change", "delete")),
    "view_revision",
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("press")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    add_to_editors(apps)


def add_to_editors(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="press", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="press", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0001_initial"),
        ("rankings", "0003_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
