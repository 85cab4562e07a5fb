"""`restore` checks a file before touching anything, and leaves the database as it was on failure.

SQLite cases run `manage.py restore` in a process of its own against a database file, as an
operator would: the test database is in memory, and the exit status and the absence of a
traceback are part of what is checked.
"""

import hashlib
import json
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from schools.models import School
from tests import factories as f
from tests.postgres import database_url

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            "DATABASE_URL": f"sqlite:///{database}",
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "impactsite.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def school_names(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT name FROM schools_school ORDER BY name").fetchall()
    db.close()
    return [name for (name,) in rows]


@pytest.fixture
def sqlite_site(transactional_db, tmp_path):
    """A migrated SQLite database file with one school, as `manage.py restore` would find it.

    (Transactional: SQLite's backup API waits forever on a shared-cache database that the
    same connection holds a write transaction on.)
    """
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite file swap; PostgreSQL has its own tests below")
    f.SchoolFactory(name="Before the restore")
    site = tmp_path / "site.sqlite3"
    call_command("backup", output=site, verbosity=0)
    return site


def refused(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert message in result.stderr, result.stderr
    assert "Restored" not in result.stdout


def future_backup(source: Path, target: Path) -> Path:
    """A copy of `source` whose schema has a migration this code does not know."""
    target.write_bytes(source.read_bytes())
    with sqlite3.connect(target) as db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('rankings', '9999_from_the_future', '2030-01-01')"
        )
    db.close()
    return target


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "empty.dump", "is not a backup"),
        (lambda tmp: Path("/etc/passwd"), "is not a backup"),
        (lambda tmp: tmp / "not-a-site.sqlite3", "has no django_migrations table"),
        (lambda tmp: tmp / "truncated.dump", "is damaged"),
        (lambda tmp: tmp / "pg.dump", "is a PostgreSQL dump"),
    ],
    ids=["empty", "etc-passwd", "other-sqlite", "truncated", "postgres-dump"],
)
def test_a_file_that_is_not_a_backup_of_this_site_changes_nothing(
    sqlite_site, tmp_path, make, message
):
    (tmp_path / "empty.dump").write_bytes(b"")
    with sqlite3.connect(tmp_path / "not-a-site.sqlite3") as other:
        other.execute("CREATE TABLE notes (text TEXT)")
    other.close()
    (tmp_path / "truncated.dump").write_bytes(sqlite_site.read_bytes()[: 3 * 4096 + 100])
    (tmp_path / "pg.dump").write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 200)
    before = digest(sqlite_site)

    refused(manage("restore", "--yes", str(make(tmp_path)), database=sqlite_site), message)
    assert digest(sqlite_site) == before


def test_a_backup_from_a_newer_schema_is_refused(sqlite_site, tmp_path):
    newer = future_backup(sqlite_site, tmp_path / "newer.dump")
    before = digest(sqlite_site)
    refused(
        manage("restore", "--yes", str(newer), database=sqlite_site),
        "rankings.9999_from_the_future",
    )
    assert digest(sqlite_site) == before


def test_a_good_backup_replaces_the_database(sqlite_site, tmp_path):
    backup = tmp_path / "good.dump"
    backup.write_bytes(sqlite_site.read_bytes())
    with sqlite3.connect(sqlite_site) as db:
        db.execute("UPDATE schools_school SET name = 'Changed after the backup'")
    db.close()

    restored = manage("restore", "--yes", str(backup), database=sqlite_site)
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    assert school_names(sqlite_site) == ["Before the restore"]
    assert manage("check", "--database", "default", database=sqlite_site).returncode == 0


# --- Portable (JSON) -------------------------------------------------------------------------


GOOD_ROW = {"model": "auth.group", "fields": {"name": "Loaded group", "permissions": []}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ({"model": "auth.group"}, "is not a portable backup"),
        ([GOOD_ROW, {"model": "schools.nothing", "fields": {}}], "unknown model schools.nothing"),
        ([GOOD_ROW, {"model": "auth.group"}], "is not a portable backup"),
        ([GOOD_ROW, {"model": "schools.school", "fields": {"kind": "none"}}], "could not be"),
    ],
    ids=["not-json", "not-a-list", "unknown-model", "no-fields", "bad-row"],
)
@pytest.mark.django_db(transaction=True)
def test_a_bad_portable_backup_changes_nothing(tmp_path, content, message):
    f.SchoolFactory(name="Kept")
    backup = tmp_path / "backup.json"
    # A first row that would load, then the bad part: nothing of it may stay.
    backup.write_text(content if isinstance(content, str) else json.dumps(content))

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(backup), verbosity=0)
    assert list(School.objects.values_list("name", flat=True)) == ["Kept"]
    assert not Group.objects.filter(name="Loaded group").exists()


# --- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture
def postgres_site(postgresql_only, transactional_db, tmp_path):
    """A fresh database holding one school, made current; dropped afterwards."""
    settings_dict = connection.settings_dict
    original = settings_dict["NAME"]
    dump = tmp_path / "site.dump"
    f.SchoolFactory(name="Before the restore")
    call_command("backup", output=dump, verbosity=0)
    name = f"{original}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    settings_dict["NAME"] = name
    try:
        call_command("restore", str(dump), yes=True, verbosity=0)
        yield dump
    finally:
        connection.close()
        settings_dict["NAME"] = original
        with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            leftovers = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{name}%"]
            ).fetchall()
        assert leftovers == [], "a temporary database was left behind"


def postgres_school_names() -> list[str]:
    return list(School.objects.order_by("name").values_list("name", flat=True))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda dump, tmp: tmp / "empty.dump", "is not a backup"),
        (lambda dump, tmp: Path("/etc/passwd"), "is not a backup"),
        (lambda dump, tmp: tmp / "truncated.dump", "could not be restored"),
        (lambda dump, tmp: tmp / "sqlite.dump", "is an SQLite database"),
    ],
    ids=["empty", "etc-passwd", "truncated", "sqlite-copy"],
)
def test_postgres_a_bad_file_changes_nothing(postgres_site, tmp_path, make, message):
    (tmp_path / "empty.dump").write_bytes(b"")
    data = postgres_site.read_bytes()
    (tmp_path / "truncated.dump").write_bytes(data[: len(data) * 2 // 3])
    (tmp_path / "sqlite.dump").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    School.objects.update(name="Changed after the backup")

    with pytest.raises(CommandError, match=message):
        call_command("restore", str(make(postgres_site, tmp_path)), yes=True, verbosity=0)
    assert postgres_school_names() == ["Changed after the backup"]


def test_postgres_a_backup_from_a_newer_schema_is_refused(postgres_site, tmp_path):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('rankings', '9999_from_the_future', now())"
        )
    newer = tmp_path / "newer.dump"
    call_command("backup", output=newer, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE name = '9999_from_the_future'")
    School.objects.update(name="Changed after the backup")

    with pytest.raises(CommandError, match=r"rankings\.9999_from_the_future"):
        call_command("restore", str(newer), yes=True, verbosity=0)
    assert postgres_school_names() == ["Changed after the backup"]


def test_postgres_a_good_backup_replaces_the_database(postgres_site):
    School.objects.update(name="Changed after the backup")
    f.SchoolFactory(name="Added after the backup")
    call_command("restore", str(postgres_site), yes=True, verbosity=0)
    assert postgres_school_names() == ["Before the restore"]
