"""Backups: a native dump of the whole database, and a portable one with natural keys.

Native: pg_dump's custom format on PostgreSQL (restored with pg_restore), SQLite's online
backup API on SQLite. Portable: Django's JSON with natural keys, which loads into an empty
database of either engine, whatever its ids.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

# Rebuilt by `migrate` on the target; dumping them would clash with the rows it creates.
REBUILT_BY_MIGRATE = ["contenttypes", "auth.permission"]
# Not content, and private: sessions and login attempts (addresses, user agents, usernames
# tried), the admin's log of who changed what, the background-task queue (restored, its
# pending imports would run again).
LEFT_OUT = ["sessions", "axes", "admin.logentry", "django_tasks_database"]
PORTABLE_EXCLUDE = REBUILT_BY_MIGRATE + LEFT_OUT


class BackupError(RuntimeError):
    pass


def _postgres_args(name: str | None = None) -> list[str]:
    settings = connection.settings_dict
    args = ["--dbname", name or settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    return args


def _postgres_env() -> dict[str, str]:
    env = dict(os.environ)
    if password := connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = password
    return env


def _run(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    completed = subprocess.run(
        command, env=_postgres_env(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")
    return completed.stdout


@contextmanager
def _server(dbname: str = "postgres") -> Iterator:
    """An autocommit connection to another database of the same PostgreSQL server."""
    import psycopg  # only PostgreSQL sites need it

    settings = connection.settings_dict
    params = {
        "dbname": dbname,
        "host": settings.get("HOST") or None,
        "port": settings.get("PORT") or None,
        "user": settings.get("USER") or None,
        "password": settings.get("PASSWORD") or None,
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as server:
        yield server


def backup_native(path: Path) -> None:
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(path),
                *_postgres_args(),
            ]
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"no native backup for {connection.vendor}; use the portable format")


SQLITE_HEADER = b"SQLite format 3\x00"
POSTGRES_HEADER = b"PGDMP"


def backup_kind(path: Path) -> str:
    """ "sqlite", "postgresql" or "portable", read from the file's first bytes, not its name."""
    if not path.is_file():
        raise BackupError(
            f"{path} does not exist" if not path.exists() else f"{path} is not a file"
        )
    with path.open("rb") as file:
        head = file.read(64)
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(POSTGRES_HEADER):
        return "postgresql"
    if head.lstrip()[:1] in (b"[", b"{"):
        return "portable"
    raise BackupError(
        f"{path} is not a backup made by `manage.py backup` (neither an SQLite copy, a pg_dump "
        "archive nor portable JSON); nothing was changed."
    )


def _unknown_migrations(applied: set[tuple[str, str]]) -> list[str]:
    """Migrations a backup records as applied that this code does not have.

    A backup taken at an older schema is accepted (`migrate` brings it forward after the
    restore); one from a newer schema is not: this code could not read it, nor undo it.
    """
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    return sorted(f"{app}.{name}" for app, name in applied - known)


def _check_migrations(path: Path, applied: set[tuple[str, str]] | None) -> int:
    """Refuse a backup without this site's migrations or with unknown ones; else how many
    migrations of this code it has not had yet (`migrate` applies them after the restore)."""
    if applied is None:
        raise BackupError(
            f"{path} has no django_migrations table: it is not a backup of this site; "
            "nothing was changed."
        )
    if not applied:
        raise BackupError(
            f"{path} records no migrations: it is an empty database; nothing was changed."
        )
    if unknown := _unknown_migrations(applied):
        raise BackupError(
            f"{path} was taken with a newer version of the site (migrations this code does not "
            f"have: {', '.join(unknown)}); restore it with that version. Nothing was changed."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return len(set(loader.disk_migrations) - applied - set(loader.replacements))


def restore_native(path: Path) -> int:
    """Replace the current database with a native backup, or leave it exactly as it was.

    Returns how many migrations of this code the backup has not had (0: same version).

    The file is checked before anything is touched (its format, and that it holds this site's
    tables at a schema this code knows), then restored into a temporary database, and that
    replaces the current one only once the restore has succeeded.
    """
    kind = backup_kind(path)
    if kind == "portable":
        raise BackupError(f"{path} is a portable (JSON) backup: name it .json to restore it.")
    if kind != connection.vendor:
        engine = {"sqlite": "an SQLite database", "postgresql": "a PostgreSQL dump"}[kind]
        raise BackupError(
            f"{path} is {engine}, and this site's database is {connection.vendor}: move data "
            "between engines with a portable backup (`backup --portable`). Nothing was changed."
        )
    if kind == "postgresql":
        return _restore_postgres(path)
    return _restore_sqlite(path)


def _regexp(pattern: str, value) -> bool:
    return value is not None and re.search(pattern, str(value)) is not None


def _restore_sqlite(path: Path) -> int:
    """Copy the backup beside the database, check it, then swap the files (os.replace).

    Other processes with the database open (the server, a worker) keep reading the old file
    until they reconnect: stop them during a restore.
    """
    in_memory = connection.is_in_memory_db()
    target = Path(connection.settings_dict["NAME"])
    descriptor, temporary = tempfile.mkstemp(
        dir=None if in_memory else target.parent, prefix=".restore-", suffix=".sqlite3"
    )
    os.close(descriptor)
    temporary = Path(temporary)
    try:
        try:
            source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            with sqlite3.connect(temporary) as copy:
                # The schema's CHECK constraints use REGEXP, which Django's connections define.
                copy.create_function("REGEXP", 2, _regexp, deterministic=True)
                source.backup(copy)
                integrity = copy.execute("PRAGMA integrity_check").fetchone()[0]
                has_table = copy.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
                ).fetchone()
                applied = (
                    set(copy.execute("SELECT app, name FROM django_migrations").fetchall())
                    if has_table
                    else None
                )
            copy.close()
            source.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is damaged ({error}); nothing was changed.") from error
        if integrity != "ok":
            raise BackupError(f"{path} is damaged ({integrity}); nothing was changed.")
        pending = _check_migrations(path, applied)

        connections.close_all()
        if in_memory:  # the test suite's database: there is no file to swap
            connection.ensure_connection()
            with sqlite3.connect(temporary) as copy:
                copy.backup(connection.connection)
            copy.close()
        else:
            if target.exists():
                shutil.copymode(target, temporary)
            for leftover in ("-wal", "-shm", "-journal"):
                # Left by a process that still has the old file open, they would be read
                # as part of the new one.
                if Path(f"{target}{leftover}").exists():
                    raise BackupError(
                        f"{target}{leftover} exists: another process has the database open. "
                        "Stop the server and workers, then restore again. Nothing was changed."
                    )
            os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return pending


def _postgres_migrations(path: Path) -> set[tuple[str, str]] | None:
    """The rows of django_migrations in a custom-format dump, read without any database."""
    listing = _run(["pg_restore", "--list", str(path)])
    if " TABLE DATA public django_migrations " not in listing:
        return None
    script = _run(["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(path)])
    applied, copying = set(), False
    for line in script.splitlines():
        if line.startswith("COPY public.django_migrations "):
            copying = True
        elif copying and line == "\\.":
            break
        elif copying:
            _id, app, name, *_ = line.split("\t")
            applied.add((app, name))
    return applied


def _restore_postgres(path: Path) -> int:
    """Restore into a new database, then swap it in by renaming; drop the old one.

    Chosen over `pg_restore --single-transaction --clean` into the live database: that also
    rolls back on failure, but leaves in place any table the dump does not have (from a later
    migration), which the restored django_migrations then says does not exist. A new database
    holds exactly the dump. The two renames run in one transaction, so the swap happens whole
    or not at all. It needs the CREATEDB privilege, and it ends other sessions on the database
    (app servers reconnect by themselves).
    """
    from psycopg import Error, sql

    try:
        applied = _postgres_migrations(path)
    except BackupError as error:
        raise BackupError(f"{path} could not be restored: {error}. Nothing was changed.") from None
    pending = _check_migrations(path, applied)
    name = connection.settings_dict["NAME"]
    suffix = secrets.token_hex(4)
    fresh, old = f"{name[:40]}_restoring_{suffix}", f"{name[:40]}_replaced_{suffix}"
    connections.close_all()
    with _server() as server:
        try:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(fresh)))
        except Error as error:
            raise BackupError(
                f"could not create a temporary database to restore into ({error}). "
                "Nothing was changed."
            ) from None
        try:
            try:
                _run(
                    [
                        "pg_restore",
                        "--exit-on-error",
                        "--no-owner",
                        "--no-privileges",
                        *_postgres_args(fresh),
                        str(path),
                    ]
                )
                with _server(fresh) as restored:
                    restored.execute("SELECT app, name FROM django_migrations").fetchall()
            except (BackupError, Error) as error:
                raise BackupError(
                    f"{path} could not be restored: {error}. Nothing was changed."
                ) from None
            _swap(server, name, fresh, old)
        except BaseException:
            server.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(fresh))
            )
            raise
        server.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(old)))
    return pending


def _swap(server, name: str, fresh: str, old: str) -> None:
    """Rename `name` to `old` and `fresh` to `name`, both or neither."""
    from psycopg import Error, sql

    others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    for _ in range(50):  # ended sessions take a moment to go
        server.execute(f"SELECT pg_terminate_backend(pid) {others}", [name])
        if not server.execute(f"SELECT 1 {others}", [name]).fetchone():
            break
        time.sleep(0.1)
    rename = sql.SQL("ALTER DATABASE {} RENAME TO {}")
    try:
        with server.transaction():
            server.execute(rename.format(sql.Identifier(name), sql.Identifier(old)))
            server.execute(rename.format(sql.Identifier(fresh), sql.Identifier(name)))
    except Error as error:
        raise BackupError(
            f"the restored copy could not replace {name} ({error}); stop the app servers and "
            "restore again. Nothing was changed."
        ) from None


def backup_portable(path: Path) -> None:
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=PORTABLE_EXCLUDE,
        indent=1,
        output=str(path),
        verbosity=0,
    )


def restore_portable(path: Path) -> None:
    """Load a portable backup into a migrated database: all of it or, on any error, nothing.

    Its structure is checked first (a JSON list of objects naming a known model and their
    fields); loaddata then runs in one transaction.
    """
    from django.apps import apps
    from django.core.serializers.base import DeserializationError
    from django.db import DatabaseError, transaction

    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    try:
        rows = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not valid JSON ({error}); nothing was changed.") from None
    if not isinstance(rows, list) or not all(
        isinstance(row, dict)
        and isinstance(row.get("model"), str)
        and isinstance(row.get("fields"), dict)
        for row in rows
    ):
        raise BackupError(
            f"{path} is not a portable backup (a list of objects, each with a model and its "
            "fields); nothing was changed."
        )
    for model in sorted({row["model"] for row in rows}):
        try:
            apps.get_model(model)
        except (LookupError, ValueError):
            raise BackupError(
                f"{path} names an unknown model {model}; nothing was changed."
            ) from None
    try:
        with transaction.atomic():
            call_command("loaddata", str(path), verbosity=0)
    except (DeserializationError, DatabaseError, ValueError, LookupError) as error:
        raise BackupError(f"{path} could not be loaded ({error}); nothing was changed.") from None
