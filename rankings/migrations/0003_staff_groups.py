"""The two staff groups: Editors edit content; Data staff edit and import/export results."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "schools": ["group", "keyfigure", "school", "presscontact", "phonenumber"],
    "rankings": ["ranking", "edition", "editioncountry"],
}
RESULTS = {"rankings": ["result", "sdgresult"]}
IMPORT_EXPORT = [
    ("rankings", "import_result"),
    ("rankings", "export_result"),
    ("schools", "import_school"),
    ("schools", "export_school"),
    ("schools", "import_presscontact"),
    ("schools", "export_presscontact"),
]
ACTIONS = ("view", "add", "change", "delete")


def codenames(models):
    return [
        (app, f"{action}_{model}")
        for app, names in models.items()
        for model in names
        for action in ACTIONS
    ]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    make_groups(apps)


def make_groups(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        found = []
        for app, codename in pairs:
            found.append(Permission.objects.get(content_type__app_label=app, codename=codename))
        return found

    view_sdgs = [("rankings", "view_sdg")]
    view_results = [("rankings", "view_result"), ("rankings", "view_sdgresult")]
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(permissions(codenames(CONTENT) + view_results + view_sdgs))
    data_staff, _ = Group.objects.get_or_create(name="Data staff")
    data_staff.permissions.set(
        permissions(
            codenames(RESULTS)
            + codenames({"rankings": ["edition", "editioncountry"]})
            + [
                ("schools", "view_school"),
                ("schools", "add_school"),
                ("schools", "change_school"),
                ("schools", "view_presscontact"),
                ("schools", "view_group"),
            ]
            + view_sdgs
            + IMPORT_EXPORT
        )
    )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Data staff"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rankings", "0002_sdgs"),
        ("schools", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, delete_groups)]
