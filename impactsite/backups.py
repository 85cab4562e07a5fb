"""Backups: a native dump of the whole database, and a portable one with natural keys.

Native: pg_dump's custom format on PostgreSQL (restored with pg_restore), SQLite's online
backup API on SQLite. Portable: Django's JSON with natural keys, which loads into an empty
database of either engine, whatever its ids.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.db import connection

# Rebuilt by `migrate` on the target; dumping them would clash with the rows it creates.
PORTABLE_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(RuntimeError):
    pass


def _postgres_args() -> list[str]:
    settings = connection.settings_dict
    args = ["--dbname", settings["NAME"]]
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


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    completed = subprocess.run(
        command, env=_postgres_env(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")


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


def restore_native(path: Path) -> None:
    """Replace the current database's contents with a native backup."""
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *_postgres_args(),
                str(path),
            ]
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    else:
        raise BackupError(f"no native restore for {connection.vendor}; use the portable format")


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
    """Load a portable backup into a migrated database (all or nothing: loaddata is atomic)."""
    if not path.exists():
        raise BackupError(f"{path} does not exist")
    call_command("loaddata", str(path), verbosity=0)
