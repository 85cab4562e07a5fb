"""Load test: gunicorn on PostgreSQL and Redis under ~50 concurrent clients while imports run.

    make bench-load                 # 2 minutes, 50 clients
    LOAD_SECONDS=30 LOAD_CLIENTS=20 make bench-load

It builds a throwaway PostgreSQL database (the demo data plus a synthetic edition of ~1,200
institutions), starts gunicorn in production mode on 127.0.0.1 with Redis as the shared
cache, then for LOAD_SECONDS sends requests over the public pages from LOAD_CLIENTS
concurrent clients while `import_results` re-imports a full edition again and again (each
import empties the page cache). It prints requests/s, latency percentiles and errors. Goal:
0 errors. Everything it starts, it stops; it only talks to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = os.environ.get("LOAD_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = f"impactsite_load_{os.getpid()}"
SECONDS = float(os.environ.get("LOAD_SECONDS", "120"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
WORKERS = os.environ.get("LOAD_GUNICORN_WORKERS", "4")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def write_edition(path: Path, seed: int, env: dict[str, str]) -> None:
    """The synthetic full edition of bench/import.py, as CSV (one generator for both benches)."""
    code = (
        "import csv, importlib, sys; sys.path.insert(0, 'bench');"
        f"rows = importlib.import_module('import').synthetic_edition({seed});"
        f"csv.writer(open({str(path)!r}, 'w', newline='', encoding='utf-8')).writerows(rows)"
    )
    done = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)


def pages() -> list[str]:
    paths = []
    for lang in ("en", "fr"):
        paths += [
            f"/{lang}/",
            f"/{lang}/schools/",
            f"/{lang}/schools/imt-atlantique/",
            f"/{lang}/schools/mines-saint-etienne/",
            f"/{lang}/rankings/",
            f"/{lang}/rankings/2021/",
            f"/{lang}/rankings/2021/?page=3",
            f"/{lang}/rankings/2021/?country=FR",
            f"/{lang}/rankings/2021/sdg/11/",
            f"/{lang}/rankings/2020/",
            f"/{lang}/contact/",
            f"/{lang}/about/",
            f"/{lang}/press/",
        ]
        paths += [f"/{lang}/schools/university-of-place-{n:04d}/" for n in range(0, 1200, 97)]
    return paths


async def client_loop(
    client: httpx.AsyncClient, base: str, deadline: float, results: list, errors: list
) -> None:
    urls = pages()
    rng = random.Random()
    while time.monotonic() < deadline:
        url = base + rng.choice(urls)
        started = time.perf_counter()
        try:
            response = await client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                errors.append(f"{response.status_code} {url}")
            results.append(elapsed)
        except httpx.HTTPError as error:
            errors.append(f"{type(error).__name__} {url}")


async def load(base: str, deadline: float) -> tuple[list[float], list[str]]:
    results: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(
            *(client_loop(client, base, deadline, results, errors) for _ in range(CLIENTS))
        )
    return results, errors


def percentile(values: list[float], p: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]
        if len(values) > 1
        else values[0]
    )


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    prefix = f"load-{os.getpid()}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{SERVER}/{DATABASE}".replace("postgresql://", "postgres://", 1),
        "CACHE_URL": os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/8"),
        "CACHE_KEY_PREFIX": prefix,
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "BEHIND_PROXY": "false",
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
    }
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    server = None
    try:
        print(f"Building {DATABASE}: migrate, static files, demo data, a full synthetic edition...")
        manage("migrate", "--no-input", env=env)
        manage("collectstatic", "--no-input", env=env)
        manage("loaddemo", env=env)
        editions = [work / "edition-a.csv", work / "edition-b.csv"]
        for seed, path in zip((2021, 2022), editions, strict=True):
            write_edition(path, seed, env)
        manage("import_results", str(editions[0]), "--edition", "2021", env=env)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "impactsite.wsgi"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": WORKERS,
                "GUNICORN_CMD_ARGS": "--access-logfile /dev/null",
            },
            stdout=subprocess.DEVNULL,
            stderr=open(work / "gunicorn.log", "w"),  # noqa: SIM115 - closed with the process
        )
        for _ in range(150):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn did not start; see {work / 'gunicorn.log'}")

        print(
            f"Load: {CLIENTS} clients for {SECONDS:.0f} s, {WORKERS} gunicorn workers, imports running meanwhile"
        )
        deadline = time.monotonic() + SECONDS
        imports_done, imports_failed, which = 0, 0, 1
        importer = subprocess.Popen(
            [PYTHON, "manage.py", "import_results", str(editions[which]), "--edition", "2021"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

        async def run() -> tuple[list[float], list[str]]:
            nonlocal importer, imports_done, imports_failed, which
            task = asyncio.create_task(load(base, deadline))
            while not task.done():
                await asyncio.sleep(0.5)
                if importer.poll() is not None:
                    if importer.returncode == 0:
                        imports_done += 1
                    else:
                        imports_failed += 1
                        print("import failed:", importer.stderr.read().decode()[-500:])
                    if time.monotonic() < deadline - 5:
                        which = 1 - which
                        importer = subprocess.Popen(
                            [
                                PYTHON,
                                "manage.py",
                                "import_results",
                                str(editions[which]),
                                "--edition",
                                "2021",
                            ],
                            cwd=ROOT,
                            env=env,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE,
                        )
            return await task

        started = time.monotonic()
        latencies, errors = asyncio.run(run())
        elapsed = time.monotonic() - started
        importer.wait(timeout=120)
        if importer.returncode == 0:
            imports_done += 1
        elif importer.returncode is not None:
            imports_failed += 1

        total = len(latencies)
        print(f"\nrequests      {total} in {elapsed:.0f} s = {total / elapsed:.0f} requests/s")
        if latencies:
            print(
                "latency       p50 {:.0f} ms, p95 {:.0f} ms, p99 {:.0f} ms, max {:.0f} ms".format(
                    *(1000 * percentile(latencies, p) for p in (50, 95, 99)), 1000 * max(latencies)
                )
            )
        print(f"errors        {len(errors)}" + (f" (first: {errors[:5]})" if errors else ""))
        print(
            f"imports       {imports_done} full editions re-imported during the load, {imports_failed} failed"
        )
        print(
            "goal          0 errors: " + ("met" if not errors and not imports_failed else "NOT met")
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
