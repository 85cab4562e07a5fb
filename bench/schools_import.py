"""Benchmark: the schools import (django-import-export's admin import) at 5,000 and 10,000 rows.

    make bench-schools-import
    BENCH_ROWS=1000,5000 make bench-schools-import

On a throwaway SQLite database, in production mode (DEBUG off), it opens the admin's import
page, as an editor does, then posts a schools CSV to it (the preview: reading, matching,
validating every row, the page rendered with the counts and the first 100 rows of each kind),
then confirms it, through the whole middleware stack; then the same schools again with another
city each (every row an update), and once more unchanged. It prints each step's time and number
of queries, with the machine's load, and never fails on the figures: the machine is shared, they
are for people to read. The tests pin the preview's query count.

The first request a process serves also loads the middleware (WhiteNoise lists the static
files, 0.2 s), which a server does once as it starts: it is the import page's, timed on its own
line, not the first preview's; and the garbage the setup leaves (migrate's) is collected before
it. The first preview still does what a process does once (compiling the validators' regular
expressions and the page's templates: about 0.1 s).
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.production import use_production_settings  # noqa: E402

WORK = Path(tempfile.mkdtemp(prefix="bench-schools-import-"))
use_production_settings("bench-schools-import", WORK, prefix=f"bench-schools-{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from schools.models import Group, School  # noqa: E402
from spreadsheets.writing import to_csv  # noqa: E402

ROWS = [int(n) for n in os.environ.get("BENCH_ROWS", "5000,10000").split(",")]
COUNTRIES = ["FR", "DE", "GB", "US", "ES", "IT", "JP", "BR", "CA", "AU", "IN", "KR"]
HEADER = ["slug", "name", "short_name", "country", "city", "website", "kind", "group"]


def schools_csv(rows: int, city: str) -> bytes:
    """`rows` institutions; one in fifty a member school of the group, the others in no group."""
    lines = [HEADER]
    for n in range(rows):
        member = n % 50 == 0
        lines.append(
            [
                f"university-{n}",
                f"University {n}",
                f"U{n}",
                COUNTRIES[n % len(COUNTRIES)],
                f"{city} {n % 97}",
                f"https://u{n}.example.org/",
                "member" if member else "other",
                "imt" if member else "",
            ]
        )
    return to_csv(iter(lines))


def timed(client: Client, url: str, data: dict) -> tuple[float, float, int, object]:
    queries = 0

    def count(execute, sql, params, many, context):  # no cap, unlike CaptureQueriesContext
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.post(url, data)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert response.status_code in (200, 302), (url, response.status_code)
    return seconds, cpu, queries, response


def run(client: Client, rows: int, label: str, content: bytes) -> None:
    upload = SimpleUploadedFile("schools.csv", content, content_type="text/csv")
    seconds, cpu, queries, response = timed(
        client,
        "/admin/schools/school/import/",
        {"import_file": upload, "format": "0", "resource": "0"},
    )
    confirm_form = response.context.get("confirm_form")
    if confirm_form is None:
        result = response.context["result"]
        raise SystemExit(
            f"the preview found errors: {result.base_errors or result.invalid_rows[:3]}"
        )
    print(f"{rows:>7,} {label + ', preview':<24} {seconds:>9.2f} {cpu:>9.2f} {queries:>8,}")
    seconds, cpu, queries, response = timed(
        client, "/admin/schools/school/process_import/", confirm_form.initial
    )
    assert response.status_code == 302, "the confirm did not import"
    print(f"{rows:>7,} {label + ', confirm':<24} {seconds:>9.2f} {cpu:>9.2f} {queries:>8,}")


def main() -> None:
    setup_test_environment()  # the client's response.context: the confirm form's fields
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG off needs
    Group.objects.create(name="Institut Mines-Télécom", short_name="IMT", slug="imt")
    client = Client()
    client.force_login(User.objects.create_superuser("bench", "bench@example.org", "bench"))
    print(f"Schools import through the admin, SQLite, load average {os.getloadavg()[0]:.2f}")
    # migrate leaves ~45,000 objects in reference cycles, which the first full pass of the
    # garbage collector frees (0.15 s): not in the first timed request, as a server has none.
    gc.collect()
    # The editor opens the import page first: the process's first request, which loads the
    # middleware as a server does when it starts.
    start = time.perf_counter()
    assert client.get("/admin/schools/school/import/").status_code == 200
    print(
        f"The import page, first request (the middleware loaded): {time.perf_counter() - start:.2f} s"
    )
    print(f"{'rows':>7} {'step':<24} {'seconds':>9} {'CPU s':>9} {'queries':>8}")
    for rows in ROWS:
        School.objects.all().delete()
        run(client, rows, "new", schools_csv(rows, "Paris"))
        run(client, rows, "updated", schools_csv(rows, "Lyon"))
        run(client, rows, "unchanged", schools_csv(rows, "Lyon"))
        assert School.objects.count() == rows
    print(f"load average afterwards {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
