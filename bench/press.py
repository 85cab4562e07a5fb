"""Benchmark: writing and serving a press release.

    make bench-press                        # SQLite (a throwaway test database)
    DATABASE_URL=postgres://... make bench-press

On the demo data (IMT, 2020 and 2021), then on a group of 60 schools with 17 SDG results
each, it times the facts selector, the generator (EN and FR), the public release page, and the
PDF, and counts the queries of the selector and the page. Each figure is the best of a few
runs, since the machine is shared. Goals: a release written in under 50 ms, its page served in
under 100 ms, its PDF in under 2 s. Figures are printed for people to read, never asserted.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactsite.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from press import services  # noqa: E402
from press.facts import release_facts  # noqa: E402
from press.generator import write_release  # noqa: E402
from rankings.models import SDG, Edition, Result, SDGResult  # noqa: E402
from schools.models import Group, School  # noqa: E402

REPEATS = 5
BIG_GROUP_SCHOOLS = 60


def best(action: Callable[[], object], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def big_group(edition: Edition) -> Group:
    group = Group.objects.create(name="Big Group", short_name="BG", slug="big-group")
    sdgs = list(SDG.objects.all())
    for n in range(BIG_GROUP_SCHOOLS):
        school = School.objects.create(
            name=f"Big School {n}", country="FR", group=group, kind=School.Kind.MEMBER
        )
        result = Result(edition=edition, school=school, national_rank=n + 1)
        result.rank = f"{100 * (n // 10) + 1}-{100 * (n // 10 + 1)}"
        result.save()
        for sdg in sdgs:
            entry = SDGResult(result=result, sdg=sdg, national_rank=n + 1)
            entry.rank = f"{50 * n + 1}-{50 * n + 100}"
            entry.save()
    return group


def report(label: str, group: Group, edition: Edition) -> None:
    client = Client()
    release = services.generate_draft(group=group, edition=edition, language="fr", user=None)
    services.publish(release=release, user=None)
    url = release.get_absolute_url()
    facts = release_facts(group, edition)
    print(f"\n{label}: {len(facts.schools)} schools")
    print(
        f"  facts selector     {best(lambda: release_facts(group, edition)) * 1000:8.1f} ms"
        f"   ({queries(lambda: release_facts(group, edition))} queries)"
    )
    for language in ("en", "fr"):
        print(
            f"  generator ({language})     "
            f"{best(lambda language=language: write_release(facts, language)) * 1000:8.1f} ms"
        )
    print(
        f"  release page       {best(lambda: client.get(url)) * 1000:8.1f} ms"
        f"   ({queries(lambda: client.get(url))} queries)   goal < 100 ms"
    )
    pdf = best(lambda: client.get(release.get_pdf_url()), repeats=2)
    print(f"  PDF (WeasyPrint)   {pdf * 1000:8.1f} ms   goal < 2000 ms")


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("loaddemo", verbosity=0)
        edition = Edition.objects.get(year=2021)
        print(f"Database: {connection.vendor}")
        report("Demo (IMT 2021)", Group.objects.get(slug="imt"), edition)
        report("Big group", big_group(edition), edition)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
