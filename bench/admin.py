"""Benchmark: the editors' admin pages at the size of a real edition.

    make bench-admin

On a throwaway SQLite database holding ~1,200 institutions, each with a result in the 2020 and
2021 editions and four SDG results per edition (the 2021 table ranked 1,115), in production mode
(DEBUG off), it times the pages editors use most, in-process through the whole middleware stack,
and prints each page's median time and its number of queries. It never fails on the figures:
the machine is shared, they are for people to read. The query counts are pinned by the tests.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.production import use_production_settings  # noqa: E402

WORK = Path(tempfile.mkdtemp(prefix="bench-admin-"))
use_production_settings("bench-admin", WORK, prefix=f"bench-admin-{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from common.text import name_key  # noqa: E402
from rankings.models import SDG, Edition, Ranking, Result, SDGResult  # noqa: E402
from schools.models import Group, School  # noqa: E402

INSTITUTIONS = 1_200
COUNTRIES = ["FR", "DE", "GB", "US", "ES", "IT", "JP", "BR", "CA", "AU", "IN", "KR"]
RUNS = 7


def populate() -> Result:
    """Bulk-creates the tables; returns a result with all 17 SDG rows for the change page."""
    group = Group.objects.create(name="Institut Mines-Télécom", short_name="IMT", slug="imt")
    ranking = Ranking.objects.create(name="THE Impact Rankings", slug="the-impact-rankings")
    editions = [Edition.objects.create(ranking=ranking, year=year) for year in (2020, 2021)]
    schools = School.objects.bulk_create(
        School(
            name=f"University {n}",
            name_key=name_key(f"University {n}"),
            slug=f"university-{n}",
            country=COUNTRIES[n % len(COUNTRIES)],
            group=group if n < 10 else None,
            kind="member" if n < 10 else "other",
        )
        for n in range(INSTITUTIONS)
    )
    results = Result.objects.bulk_create(
        Result(
            edition=edition,
            school=school,
            rank_low=1 + 100 * (n // 100),
            rank_high=100 * (1 + n // 100),
        )
        for edition in editions
        for n, school in enumerate(schools)
    )
    SDGResult.objects.bulk_create(
        SDGResult(result=result, sdg_id=sdg, rank_low=101, rank_high=200)
        for n, result in enumerate(results)
        for sdg in {17, 1 + n % 16, 1 + (n + 5) % 16, 1 + (n + 11) % 16}
    )
    full = results[-1]
    SDGResult.objects.bulk_create(
        SDGResult(result=full, sdg=sdg, rank_low=301, rank_high=400)
        for sdg in SDG.objects.exclude(results__result=full)
    )
    return full


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm: templates, content types
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000, len(queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG off needs
    full = populate()
    client = Client()
    client.force_login(User.objects.create_superuser("bench", "bench@example.org", "bench"))
    pages = {
        "results list (2,400 results, page of 100)": "/admin/rankings/result/",
        "results list, 2021, France": f"/admin/rankings/result/?edition__id__exact={full.edition_id}&country=FR",
        "results list, search": "/admin/rankings/result/?q=university+11",
        "SDG results list (~9,600 rows)": "/admin/rankings/sdgresult/",
        "schools list (1,200 institutions)": "/admin/schools/school/",
        "result change page, 17 SDG rows": f"/admin/rankings/result/{full.pk}/change/",
        "institution autocomplete": "/admin/autocomplete/?term=university+11"
        "&app_label=rankings&model_name=result&field_name=school",
    }
    print(
        f"Admin pages, {Result.objects.count():,} results, {SDGResult.objects.count():,} SDG results"
    )
    print(f"{'page':<45} {'median ms':>10} {'queries':>8}")
    for label, url in pages.items():
        milliseconds, queries = measure(client, url)
        print(f"{label:<45} {milliseconds:>10.1f} {queries:>8}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
