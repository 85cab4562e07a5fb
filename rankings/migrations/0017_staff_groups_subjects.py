"""The staff groups and the subject tables: editors name subjects (in French too) and see the
results; data staff, whose imports create subjects, edit both."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = ["view_subject", "add_subject", "change_subject", "delete_subject", "view_subjectresult"]
DATA_STAFF = [
    "view_subject",
    "add_subject",
    "change_subject",
    "view_subjectresult",
    "add_subjectresult",
    "change_subjectresult",
    "delete_subjectresult",
]


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="rankings", codename__in=codenames))


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need these now.
    app_config = apps.get_app_config("rankings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    add_subject_permissions(apps)


def add_subject_permissions(apps):
    Group = apps.get_model("auth", "Group")
    for name, codenames in (("Editors", EDITORS), ("Data staff", DATA_STAFF)):
        for group in Group.objects.filter(name=name):
            group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in (("Editors", EDITORS), ("Data staff", DATA_STAFF)):
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [("rankings", "0016_rankings_every_ranking")]

    operations = [migrations.RunPython(grant, revoke)]
