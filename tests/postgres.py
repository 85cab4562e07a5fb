"""The PostgreSQL server the suite runs on, as a URL for subprocesses and raw connections."""

from django.db import connection


def database_url(name: str | None = None) -> str:
    """The test database's URL, or that of another database `name` on the same server."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    server = (
        f"{db['USER'] or 'postgres'}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    )
    return f"postgres://{server}/{name or db['NAME']}"
