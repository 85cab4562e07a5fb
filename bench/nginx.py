"""Release-day load: nginx's cache in front of gunicorn, while an editor saves every 5 s.

    make bench-nginx                       # 30 s of load, 64 connections
    NGINX_SECONDS=60 NGINX_CONNECTIONS=128 make bench-nginx
    NGINX_LOGS=/tmp/nginx-run make bench-nginx   # keep nginx's slow requests, gunicorn's log
    PAGE_REFRESH_GRACE=0 make bench-nginx         # changed pages rendered while nginx waits

It builds a throwaway PostgreSQL database (NGINX_DATABASE, default impactsite_nginx_<pid>;
created here, dropped at the end) with the demo data, starts gunicorn in production mode
(Redis db 11 under a key prefix of its own) and nginx with nginx/bench.conf (its cache on) on
127.0.0.1 ports, then for NGINX_SECONDS runs wrk (bench/nginx.lua: the public pages of both
languages in turn) against nginx while this process, as an editor, renames a school through the
ORM every 5 s and polls its page through nginx every 50 ms until the new name shows.

Every page is asked for once before the timed run (a site that is up, its pages in nginx's
cache), so the figures are the release day's, not a cold start's. wrk's percentiles correct for
coordinated omission: a request that took L ms also counts for the requests its connection
could not send meanwhile, so a few stalls weigh as they would for real visitors. wrk runs in a
session of its own at nice WRK_NICE (10): the visitors' machines are not the server (run_wrk).

It prints requests/s, latency p50/p95/p99, errors, the requests nginx itself took 10 ms or
more over (and how it answered them), how long each change took to be public (the largest is
the staleness), the share of requests gunicorn answered, Redis's slow answers to a PING every
10 ms, and the load average (the machine may be shared: the figures are for people to read,
nothing fails on them). After the load, it schedules an edition a few seconds ahead and polls
a school page through nginx: the edition must show at its moment, never before, and no copy
outlive the moment (a second late at most: the polling and the render).
Goals: >= 30,000 requests/s, p99 <= 10 ms, every change public within 10 s, 0 errors.
Everything it starts, it stops; it only listens on and talks to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = os.environ.get("NGINX_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("NGINX_DATABASE", f"impactsite_nginx_{os.getpid()}")
REDIS = os.environ.get("NGINX_REDIS", "redis://127.0.0.1:6379/11")
SECONDS = int(os.environ.get("NGINX_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("NGINX_CONNECTIONS", "64"))
THREADS = os.environ.get("NGINX_WRK_THREADS", "2")
WORKERS = os.environ.get("NGINX_GUNICORN_WORKERS", "3")
LOGS = os.environ.get("NGINX_LOGS", "")  # a folder to keep the run's logs in
WRK_NICE = os.environ.get("WRK_NICE", "10")  # the visitors' priority (run_wrk)
EMBARGO_SECONDS = 7  # an edition scheduled this far ahead after the load (embargo())
SAVE_EVERY = float(os.environ.get("NGINX_SAVE_EVERY", "5"))  # 0: no editor, for comparison
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WATCHED = "/en/schools/imt-atlantique/"
# The public pages wrk asks for in turn (bench/nginx.lua reads them from a file), both languages.
PAGES = [
    f"/{lang}{path}"
    for lang in ("en", "fr")
    for path in (
        *("/", "/schools/", "/schools/imt-atlantique/", "/schools/imt-mines-ales/"),
        *("/schools/mines-saint-etienne/", "/rankings/", "/rankings/2021/"),
        *("/rankings/2021/?country=FR", "/rankings/2021/sdg/11/", "/rankings/2020/"),
        *("/contact/", "/about/"),
    )
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def wait_for(url: str, what: str, log: Path) -> None:
    for _ in range(300):
        if get(url)[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit(
        f"{what} did not answer {url} with 200: {get(url)[0]}\n{log.read_text()[-2000:]}"
    )


def editor(base: str, deadline: float, delays: list[float], stop: threading.Event) -> None:
    """Rename a school every SAVE_EVERY seconds; time until its page through nginx shows it."""
    from schools.models import School

    school = School.objects.get(slug="imt-atlantique")
    n = 0
    while time.monotonic() < deadline - SAVE_EVERY and not stop.is_set():
        n += 1
        school.name = f"IMT Atlantique {n}"
        school.save()  # autocommit: committed (and the page cache emptied) when save returns
        saved = time.monotonic()
        while f"<h1>IMT Atlantique {n}</h1>" not in get(base + WATCHED)[1]:
            if time.monotonic() - saved > 60:
                delays.append(float("inf"))
                break
            time.sleep(0.05)
        else:
            delays.append(time.monotonic() - saved)
        time.sleep(max(0.0, saved + SAVE_EVERY - time.monotonic()))


def embargo(base: str) -> tuple[float | None, float]:
    """Schedule an edition EMBARGO_SECONDS ahead and poll a school page it adds to through
    nginx every 20 ms: how long before its moment the page first showed it (None: never, as it
    must), and how long after its moment it did (at once, as it must: no copy kept past it)."""
    from django.utils import timezone

    from rankings.models import Edition, Ranking, Result
    from schools.models import School

    moment = timezone.now() + datetime.timedelta(seconds=EMBARGO_SECONDS)
    edition = Edition.objects.create(
        ranking=Ranking.objects.get(slug="the-impact-rankings"),
        year=2022,
        published_at=moment,
        institutions_ranked=1406,
    )
    school = School.objects.get(slug="imt-atlantique")
    Result.objects.create(edition=edition, school=school, rank="57")
    early = None
    while True:
        shown = "2022" in get(base + WATCHED)[1]
        seconds = (timezone.now() - moment).total_seconds()
        if shown and seconds < 0:
            early = early if early is not None else -seconds
        elif shown or seconds > 30:
            return early, seconds if shown else float("inf")
        time.sleep(0.02)


def probe_redis(client: redis.Redis, slow: list[float], stop: threading.Event) -> None:
    """PING Redis every 10 ms; note each answer that took 20 ms or more (every page answer
    asks Redis first: a Redis that waits holds nginx's refreshes, and a visitor with them)."""
    while not stop.is_set():
        start = time.perf_counter()
        client.ping()
        took = time.perf_counter() - start
        if took >= 0.02:
            slow.append(took)
        stop.wait(0.01)


def run_wrk(base: str, seconds: int, pages: Path, *options: str) -> dict:
    """wrk's figures as a dict (bench/nginx.lua prints them as JSON)."""
    lua = str(ROOT / "bench" / "nginx.lua")
    # wrk plays the visitors, whose machines are not the server: in a session of its own (the
    # kernel shares the CPU between sessions first, `autogroup`), at nice WRK_NICE. Started in
    # the server's session, beside nginx and gunicorn, it left Redis (the system's) waiting for
    # the CPU up to 1.5 s at a time, and a page refresh waiting on Redis holds a visitor (nginx's
    # background update): p99 1.9 s in one run. In a session of its own Redis answers a PING
    # within 50 ms, at nice 0 as at 10; nice 10 serves the server's processes first.
    wrk = subprocess.Popen(
        [
            *("wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s"),
            *(*options, "-s", lua, base, "--", str(pages)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    with contextlib.suppress(OSError):  # no autogroups: the kernel shares CPU per process
        Path(f"/proc/{wrk.pid}/autogroup").write_text(WRK_NICE)
    out, err = wrk.communicate()
    done = subprocess.CompletedProcess(wrk.args, wrk.returncode, out, err)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures:\n{done.stdout}\n{done.stderr}")
    return json.loads(line.removeprefix("WRK "))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    work.chmod(0o755)  # started as root, nginx's workers run as nobody and must reach their cache
    nginx_port, app_port = free_port(), free_port()
    base = f"http://127.0.0.1:{nginx_port}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": base,
        "DATABASE_URL": f"{SERVER}/{DATABASE}".replace("postgresql://", "postgres://", 1),
        "CACHE_URL": REDIS,
        "CACHE_KEY_PREFIX": f"bench-nginx-{os.getpid()}",
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_PROXY": "true",
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
        # PAGE_REFRESH_GRACE=0 etc. to compare the page cache's settings (README).
        **{name: value for name, value in os.environ.items() if name.startswith("PAGE_")},
    }
    try:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.Error:  # e.g. the database exists: it is not ours to drop
        shutil.rmtree(work, ignore_errors=True)
        raise
    processes: list[subprocess.Popen] = []
    try:
        print(f"Building {DATABASE}: migrate, static files, demo data...")
        manage("migrate", "--no-input", env=env)
        manage("collectstatic", "--no-input", env=env)
        manage("loaddemo", env=env)

        gunicorn_log = work / "gunicorn.log"
        processes.append(
            subprocess.Popen(
                [str(Path(PYTHON).parent / "gunicorn"), "impactsite.wsgi"],
                cwd=ROOT,
                env={
                    **env,
                    "GUNICORN_BIND": f"127.0.0.1:{app_port}",
                    "GUNICORN_WORKERS": WORKERS,
                    "GUNICORN_CMD_ARGS": f"--access-logfile {work / 'access.log'} "
                    + "--access-logformat '%(h)s %(t)s \"%(r)s\" %(s)s %(b)s %(D)s'",
                },
                stdout=subprocess.DEVNULL,
                stderr=gunicorn_log.open("w"),
            )
        )
        wait_for(f"http://127.0.0.1:{app_port}/healthz", "gunicorn", gunicorn_log)

        values = {
            "WORK": work,
            "ROOT": ROOT,
            "PORT": nginx_port,
            "UPSTREAM_PORT": app_port,
            "NGINX_WORKERS": os.environ.get("NGINX_WORKERS", "2"),
        }
        # ${NAME} only: nginx's own $variables stay as they are.
        config = re.sub(
            r"\$\{([A-Z_]+)\}",
            lambda m: str(values[m[1]]),
            (ROOT / "nginx" / "bench.conf").read_text(),
        )
        (work / "nginx.conf").write_text(config)
        processes.append(
            subprocess.Popen(
                [NGINX, "-c", str(work / "nginx.conf"), "-p", str(work), "-e", "stderr"],
                stdout=subprocess.DEVNULL,
                stderr=(work / "nginx.log").open("w"),
            )
        )
        wait_for(base + "/en/", "nginx", work / "nginx-error.log")
        pages = work / "pages.txt"
        pages.write_text("\n".join(PAGES) + "\n")

        # The editor's process: the same settings as the app servers.
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "impactsite.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

        print(
            f"Load: wrk, {THREADS} threads, {CONNECTIONS} connections, {SECONDS} s, through nginx "
            f"(cache on) to gunicorn ({WORKERS} workers); an editor saves every {SAVE_EVERY:.0f} s;"
            f" wrk in a session of its own at nice {WRK_NICE}"
        )
        # The floor first: what this machine, as loaded now, gives for nginx's smallest answer.
        floor = run_wrk(base, 5, pages, "-H", "X-Bench-Floor: 1")
        # A site that is up: every page in nginx's cache, first visited at its own moment over
        # the time nginx keeps a page (as visitors come, not all in one millisecond, which
        # would have every page expire, and come back to gunicorn, at the same moment).
        # So the timed run measures the saves, not a cold start.
        spread = 5 / len(PAGES)
        for page in PAGES:
            status = get(base + page)[0]
            if status != 200:
                raise SystemExit(f"{page} answered {status} through nginx")
            time.sleep(spread)
        load_before = os.getloadavg()
        answered_before = len((work / "access.log").read_text().splitlines())
        slow_log = work / "slow.log"
        slow_before = len(slow_log.read_text().splitlines()) if slow_log.exists() else 0
        started = time.time()
        deadline = time.monotonic() + SECONDS
        delays: list[float] = []
        stop = threading.Event()
        watcher = threading.Thread(target=editor, args=(base, deadline, delays, stop))
        redis_slow: list[float] = []
        prober = threading.Thread(
            target=probe_redis, args=(redis.Redis.from_url(REDIS), redis_slow, stop)
        )
        prober.start()
        if SAVE_EVERY:
            watcher.start()
        figures = run_wrk(base, SECONDS, pages)
        if LOGS:  # nginx's slow requests and gunicorn's answers (with their time, in µs)
            Path(LOGS).mkdir(parents=True, exist_ok=True)
            for log in (slow_log, work / "access.log", gunicorn_log):
                if log.exists():
                    shutil.copy(log, Path(LOGS) / log.name)
        stop.set()
        prober.join()
        if SAVE_EVERY:
            watcher.join()
        load_after = os.getloadavg()
        answered_lines = (work / "access.log").read_text().splitlines()[answered_before:]
        answered = len(answered_lines)
        statuses = Counter(line.split('" ', 1)[1].split()[0] for line in answered_lines)
        took = sorted(int(line.rsplit(" ", 1)[1]) / 1000 for line in answered_lines)

        slow = [
            line.split(" ", 4)[:4]
            for line in (slow_log.read_text().splitlines() if slow_log.exists() else [])[
                slow_before:
            ]
        ]
        early, late = embargo(base)  # once the load's logs are read
        errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
        rate = figures["requests"] / figures["seconds"]
        worst = max(delays) if delays else float("nan")
        print(
            f"\nrequests      {figures['requests']} in {figures['seconds']:.1f} s = {rate:,.0f}/s"
        )
        print(
            "latency       p50 {p50_ms:.2f} ms, p95 {p95_ms:.2f} ms, p99 {p99_ms:.2f} ms, "
            "max {max_ms:.1f} ms".format(**figures)
        )
        print(
            "floor         nginx's `return 200` alone: {:,.0f}/s, p50 {:.2f} ms, p99 {:.2f} ms".format(
                floor["requests"] / floor["seconds"], floor["p50_ms"], floor["p99_ms"]
            )
        )
        print(
            f"errors        {errors} (connect {figures['connect']}, read {figures['read']}, "
            f"write {figures['write']}, non-2xx/3xx {figures['status']}, "
            f"timeout {figures['timeout']})"
        )
        print(
            f"changes       {len(delays)} saves, public after "
            + ", ".join(f"{d:.1f}" for d in delays)
            + f" s; staleness (max) {worst:.1f} s"
        )
        print(
            f"gunicorn      answered {answered} of them ({answered / SECONDS:.0f}/s): "
            + ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
            + (
                f"; in {took[len(took) // 2]:.1f} ms (median), {took[-1]:.0f} ms at most"
                if took
                else ""
            )
        )
        by_status = Counter(status for _, _, status, _ in slow)
        slowest = sorted(slow, key=lambda x: -float(x[1]))[:3]
        print(
            f"nginx         took 10 ms or more over {len(slow)} requests ("
            + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
            + "); slowest: "
            + ", ".join(
                f"{float(took) * 1000:.0f} ms at {float(at) - started:.1f} s ({status} {uri})"
                for at, took, status, uri in slowest
            )
        )
        print(
            f"redis         a PING every 10 ms: {len(redis_slow)} took 20 ms or more"
            + (f", the slowest {max(redis_slow) * 1000:.0f} ms" if redis_slow else "")
        )
        print(
            f"machine       {os.cpu_count()} cores; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
        )
        print(
            f"embargo       an edition scheduled {EMBARGO_SECONDS} s ahead: shown through nginx "
            f"{late:.2f} s after its moment, "
            + ("never before" if early is None else f"{early:.2f} s BEFORE it")
            + (": met" if early is None and late <= 1 else ": NOT met")
        )
        met = rate >= 30000 and figures["p99_ms"] <= 10 and worst <= 10 and errors == 0
        print(
            "goals         >= 30,000/s, p99 <= 10 ms, public within 10 s, 0 errors: "
            + ("met" if met else "NOT met")
        )
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        # And the run's keys in Redis (its pages would stay a day).
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(match=f"*{env['CACHE_KEY_PREFIX']}:*", count=1000):
            client.delete(key)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
