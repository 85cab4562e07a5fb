"""Backups restore into a fresh database with every table identical, and the copy stays usable."""

import json
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection

from tests.postgres import database_url

ROOT = Path(__file__).resolve().parent.parent
CONTENT_APPS = ("schools", "rankings", "press")

# One new row per content table, made in a separate process against the restored database:
# a restored sequence that lags behind the ids would make these inserts collide.
INSERT_ONE_ROW_PER_TABLE = """
import django
django.setup()
from tests import factories as f
from django.contrib.auth.models import User, Group
ranking = f.RankingFactory(name="Restored ranking", slug="restored-ranking")
edition = f.EditionFactory(ranking=ranking, year=2030)
f.EditionCountryFactory(edition=edition, country="DE")
group = f.GroupFactory(name="Restored group", slug="restored-group")
f.KeyFigureFactory(group=group)
f.PhoneNumberFactory(contact=f.PressContactFactory(group=group))
school = f.SchoolFactory(name="Restored school")
f.SDGResultFactory(result=f.ResultFactory(edition=edition, school=school), sdg_id=5)
User.objects.create_user("restored-user")
Group.objects.create(name="Restored staff group")
print("inserted")
"""


def table_checksums() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row of every table, in a stable order."""
    sums = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quoted} t"
            )
            sums[table] = cursor.fetchone()
    return sums


def portable_content() -> dict[str, list]:
    """Every content row as natural keys, without ids: what a portable backup must keep."""
    content = {}
    for model in apps.get_models():
        if model._meta.app_label not in CONTENT_APPS:
            continue
        rows = serializers.serialize(
            "json",
            model._default_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        records = json.loads(rows)
        for record in records:
            if hasattr(model, "natural_key"):
                record.pop("pk", None)
        content[model._meta.label] = sorted(records, key=lambda r: json.dumps(r, sort_keys=True))
    return content


@pytest.mark.django_db(transaction=True)
def test_native_backup_restores_every_table_identically_into_a_fresh_database(
    postgresql_only, tmp_path
):
    call_command("loaddemo", verbosity=0)
    before = table_checksums()
    dump = tmp_path / "impactsite.dump"
    call_command("backup", output=dump, verbosity=0)
    assert dump.stat().st_size > 0

    settings_dict = connection.settings_dict
    fresh = f"impactsite_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    original_name = settings_dict["NAME"]
    try:
        connection.close()
        settings_dict["NAME"] = fresh
        call_command("restore", str(dump), yes=True, verbosity=0)
        assert table_checksums() == before

        inserted = subprocess.run(
            [sys.executable, "-c", INSERT_ONE_ROW_PER_TABLE],
            cwd=ROOT,
            env={
                "DATABASE_URL": database_url(fresh),
                "PATH": "/usr/bin:/bin",
                "DJANGO_SETTINGS_MODULE": "impactsite.settings",
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert inserted.returncode == 0, inserted.stderr
        assert "inserted" in inserted.stdout
    finally:
        connection.close()
        settings_dict["NAME"] = original_name
        with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_portable_backup_restores_every_row_by_natural_key(tmp_path):
    call_command("loaddemo", verbosity=0)
    before = portable_content()
    assert sum(len(rows) for rows in before.values()) > 100
    dump = tmp_path / "impactsite.json"
    call_command("backup", output=dump, portable=True, verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    # flush empties the SDGs and staff groups the migrations made; the backup brings them back.
    call_command("restore", str(dump), verbosity=0)
    assert portable_content() == before

    from django.contrib.auth.models import Group, User

    from tests import factories as f

    # The copy stays usable: new rows go in beside the restored ones, and staff can be named.
    edition = f.EditionFactory(ranking=f.RankingFactory(name="New", slug="new"), year=2030)
    f.SDGResultFactory(result=f.ResultFactory(edition=edition), sdg_id=5)
    f.PhoneNumberFactory()
    f.KeyFigureFactory()
    f.EditionCountryFactory(edition=edition, country="DE")
    data_staff = User.objects.create_user("restored-data-staff", is_staff=True)
    data_staff.groups.add(Group.objects.get(name="Data staff"))
    editor = User.objects.create_user("restored-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))

    after = portable_content()
    assert [row for label, rows in before.items() for row in rows if row not in after[label]] == []
    assert {
        label: len(rows) - len(before[label])
        for label, rows in after.items()
        if len(rows) != len(before[label])
    } == {
        "rankings.Ranking": 1,
        "rankings.Edition": 1,
        "rankings.EditionCountry": 1,
        "rankings.Result": 1,
        "rankings.SDGResult": 1,
        "schools.School": 1,
        "schools.Group": 2,  # the press contact's and the key figure's
        "schools.PressContact": 1,
        "schools.PhoneNumber": 1,
        "schools.KeyFigure": 1,
    }
    # The staff groups came back with their permissions.
    assert data_staff.has_perm("rankings.import_result")
    assert editor.has_perm("press.change_pressrelease")
    assert not editor.has_perm("rankings.import_result")


@pytest.mark.django_db
def test_restoring_a_missing_file_says_so(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nothing.json"), verbosity=0)
