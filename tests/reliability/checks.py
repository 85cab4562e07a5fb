"""What the reliability tests compare: every table of the database, before and after."""

import hashlib

from django.db import connection

from tests.test_backups import table_checksums

# Rows a request writes for itself, not data: a login's session, the admin's log of views.
BOOKKEEPING = frozenset({"django_session"})


def database_state(*, ignore: frozenset[str] = frozenset()) -> dict[str, tuple[int, str]]:
    """Row count and a digest of the rows of every table; equal states mean nothing changed."""
    if connection.vendor == "postgresql":
        sums = table_checksums()
    else:
        # SQLite has no md5() or row-to-text cast: digest the rows in Python instead.
        sums = {}
        with connection.cursor() as cursor:
            for table in sorted(connection.introspection.table_names(cursor)):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
                rows = sorted(repr(row) for row in cursor.fetchall())
                sums[table] = (len(rows), hashlib.md5("|".join(rows).encode()).hexdigest())
    return {table: value for table, value in sums.items() if table not in ignore}


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(
        table for table in before.keys() | after.keys() if before.get(table) != after.get(table)
    )
