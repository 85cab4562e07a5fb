"""Data staff add editions, whose form picks a ranking: they need to see the rankings (the
ranking field's autocomplete answered them 403, so no edition could be created)."""

from django.db import migrations


def _view_ranking_for_data_staff(apps, action: str) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_ranking = Permission.objects.get(
        content_type__app_label="rankings", codename="view_ranking"
    )
    for group in Group.objects.filter(name="Data staff"):
        getattr(group.permissions, action)(view_ranking)


def grant(apps, schema_editor):
    _view_ranking_for_data_staff(apps, "add")


def revoke(apps, schema_editor):
    _view_ranking_for_data_staff(apps, "remove")


class Migration(migrations.Migration):
    dependencies = [("rankings", "0010_national_rank_bounds")]

    operations = [migrations.RunPython(grant, revoke)]
