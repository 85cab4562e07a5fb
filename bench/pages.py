"""Benchmark: the public pages against a trivial view, in-process and under gunicorn.

    make bench-pages

In one run, on a throwaway SQLite database holding the demo data plus ~1,200 institutions
(each in the 2020 and 2021 tables and in three SDG tables), in production mode (DEBUG off,
Redis cache under a key prefix of its own):

1. in-process, through the whole middleware stack with Django's test client: the school page
   and the edition table, rendered (page cache off) and from the page cache, against a view
   that returns "ok";
2. requests per second under gunicorn on 127.0.0.1 (2 sync workers, a few client threads, the
   best of a few one-second slices per address), with the page cache on and off, against the
   same trivial view.

Measurements of different addresses are interleaved, so load from other processes on a shared
machine does not favour one of them.

It prints the figures and the ratios against the goals (school page <= 3x the trivial view
in-process; cached pages >= 70% of the trivial view's requests/s) and never fails on them:
the machine is shared, the figures are for people to read.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.production import use_production_settings  # noqa: E402

# gunicorn's workers import this module again: they inherit the run's folder and settings.
WORK = Path(os.environ.get("BENCH_WORK") or tempfile.mkdtemp(prefix="bench-pages-"))
PREFIX = os.environ.get("CACHE_KEY_PREFIX") or f"bench-pages-{os.getpid()}"
use_production_settings(
    "bench-pages", WORK, prefix=PREFIX, hosts="127.0.0.1,testserver", BENCH_WORK=str(WORK)
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

from impactsite.urls import urlpatterns as site_urlpatterns  # noqa: E402
from rankings.models import Edition, Result, SDGResult  # noqa: E402
from schools.models import School  # noqa: E402

INSTITUTIONS = 1_200
COUNTRIES = ["FR", "DE", "GB", "US", "ES", "IT", "JP", "BR", "CA", "AU", "IN", "KR"]
SCHOOL_PAGE = "/en/schools/imt-atlantique/"
EDITION_TABLE = "/en/rankings/2021/"
TRIVIAL = "/bench/trivial/"
SECONDS_PER_ADDRESS = float(os.environ.get("BENCH_SECONDS", "5"))  # in one-second slices
CLIENT_THREADS = 4
GOAL_IN_PROCESS = 3.0
GOAL_CACHED_SHARE = 0.70


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


# This module is the URLconf of the benchmark's servers: the site plus the trivial view.
urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]


def wsgi():
    """gunicorn's application factory: the site with the trivial view, cache on or off."""
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = __name__
    if os.environ.get("BENCH_PAGE_CACHE") == "off":
        settings.PAGE_CACHE_SECONDS = 0  # Django stores nothing with a zero timeout
    return get_wsgi_application()


# --- Data ------------------------------------------------------------------
def build_database() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddemo", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    countries = itertools.cycle(COUNTRIES)
    schools = School.objects.bulk_create(
        School(
            name=f"University of Benchmarking {n}",
            slug=f"university-of-benchmarking-{n}",
            name_key=f"university of benchmarking {n}",
            country=next(countries),
        )
        for n in range(INSTITUTIONS)
    )
    results = Result.objects.bulk_create(
        Result(edition=edition, school=school, rank_low=201 + n, rank_high=201 + n)
        for edition in Edition.objects.all()
        for n, school in enumerate(schools)
    )
    SDGResult.objects.bulk_create(
        SDGResult(result=result, sdg_id=number, rank_low=101, rank_high=200)
        for n, result in enumerate(results)
        for number in (17, 1 + n % 16, 1 + (n + 5) % 16)
        if number != 17 or n % 2 == 0
    )


def forget_cached_pages() -> None:
    """Remove this run's keys only: the Redis database may be shared."""
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{PREFIX}:*"))
    if keys:
        client.delete(*keys)


# --- In-process ------------------------------------------------------------
def best_per_request(client: Client, urls: list[str], *, batch: int = 10, rounds: int = 7):
    """Seconds per request for each address: the best batch of several rounds.

    The rounds interleave the addresses, so a burst of load from other processes on the
    shared machine slows them all alike instead of one of them.
    """
    for url in urls:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
    best = dict.fromkeys(urls, float("inf"))
    for _ in range(rounds):
        for url in urls:
            start = time.perf_counter()
            for _ in range(batch):
                client.get(url)
            best[url] = min(best[url], (time.perf_counter() - start) / batch)
    return best


def in_process() -> dict[str, float]:
    settings.ROOT_URLCONF = __name__
    client = Client()
    settings.PAGE_CACHE_SECONDS = 0
    rendered = best_per_request(client, [TRIVIAL, SCHOOL_PAGE, EDITION_TABLE])
    del settings.PAGE_CACHE_SECONDS
    cached = best_per_request(client, [TRIVIAL, SCHOOL_PAGE, EDITION_TABLE])
    return {
        "trivial view": min(rendered[TRIVIAL], cached[TRIVIAL]),
        "school page, rendered": rendered[SCHOOL_PAGE],
        "edition table, rendered": rendered[EDITION_TABLE],
        "school page, cached": cached[SCHOOL_PAGE],
        "edition table, cached": cached[EDITION_TABLE],
    }


# --- Under gunicorn --------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited; run it by hand to see why")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


def requests_per_second(base: str, address: str, seconds: float) -> float:
    """Completed requests per second from a few client threads over a fixed time."""
    done = [0] * CLIENT_THREADS
    stop = time.monotonic() + seconds

    def hammer(slot: int) -> None:
        while time.monotonic() < stop:
            with urllib.request.urlopen(base + address, timeout=10) as response:
                response.read()
            done[slot] += 1

    start = time.monotonic()
    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - start)


def best_rates(base: str, paths: dict[str, str]) -> dict[str, float]:
    """The best rate of each address over interleaved one-second slices (shared machine)."""
    for address in paths.values():
        for _ in range(5):  # warm every worker (and the cache)
            urllib.request.urlopen(base + address, timeout=10).read()
    rounds = max(1, round(SECONDS_PER_ADDRESS))
    best = dict.fromkeys(paths, 0.0)
    for _ in range(rounds):
        for name, address in paths.items():
            best[name] = max(best[name], requests_per_second(base, address, 1.0))
    return best


def under_gunicorn(page_cache: str) -> dict[str, float]:
    port = free_port()
    config = WORK / "gunicorn.conf.py"  # empty: the project's file would log every request
    config.touch()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config", str(config),
        "--bind", f"127.0.0.1:{port}",
        "--workers", "2",
        "--worker-class", "sync",
        "--chdir", str(ROOT),
        "bench.pages:wsgi()",
    ]  # fmt: skip
    env = {**os.environ, "BENCH_PAGE_CACHE": page_cache}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + TRIVIAL, process)
        return best_rates(
            base,
            {"trivial view": TRIVIAL, "school page": SCHOOL_PAGE, "edition table": EDITION_TABLE},
        )
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    started = time.monotonic()
    print(f"Building the database: demo data plus {INSTITUTIONS:,} institutions ({WORK})")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average before the run: {load} on {os.cpu_count()} cores (figures vary with it)")
    build_database()
    try:
        print("\nIn-process (test client, whole middleware stack), best batch, per request:")
        figures = in_process()
        trivial_time = figures["trivial view"]
        for name, seconds in figures.items():
            print(f"  {name:<26} {seconds * 1000:8.2f} ms   {seconds / trivial_time:5.1f}x trivial")
        # Visitors get the cached page; rendering happens once per page after each edit.
        for state in ("cached", "rendered"):
            ratio = figures[f"school page, {state}"] / trivial_time
            verdict = "meets" if ratio <= GOAL_IN_PROCESS else "MISSES"
            print(f"  school page {state} / trivial = {ratio:.1f}x ({verdict} the goal <= 3x)")

        for page_cache in ("on", "off"):
            print(
                f"\nUnder gunicorn, 2 sync workers, {CLIENT_THREADS} client threads, "
                f"best of {SECONDS_PER_ADDRESS:g} one-second slices per address, page cache {page_cache}:"
            )
            forget_cached_pages()
            rates = under_gunicorn(page_cache)
            for name, rate in rates.items():
                share = rate / rates["trivial view"]
                print(f"  {name:<26} {rate:8.1f} requests/s   {share:6.0%} of trivial")
            if page_cache == "on":
                worst = min(rates["school page"], rates["edition table"]) / rates["trivial view"]
                verdict = "meets" if worst >= GOAL_CACHED_SHARE else "MISSES"
                print(f"  slowest cached page = {worst:.0%} of trivial ({verdict} the goal >= 70%)")
    finally:
        forget_cached_pages()
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"\nDone in {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    main()
