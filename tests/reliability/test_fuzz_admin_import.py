"""Mutated spreadsheets posted to the real admin import view: never a 500, never a write.

`make test` runs a short, fixed-seed round; `make fuzz` runs the long one (FUZZ_SECONDS, with a
fresh seed printed so a failure can be replayed with FUZZ_SEED).
"""

import io
import os
import random
import re
import time
import zipfile
import zlib

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.rankings.import_samples import FILES
from tests.reliability.checks import BOOKKEEPING, database_state

IMPORT = reverse("admin:rankings_result_import")
SEEDS = sorted(
    path.name for path in FILES.iterdir() if path.suffix in {".csv", ".xlsx", ".ods", ".txt"}
)
# Generous on purpose: this catches a request that hangs or explodes, not a slow one.
REQUEST_BUDGET_SECONDS = 10.0


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _splice(data: bytes, rng: random.Random) -> bytes:
    other = (FILES / rng.choice(SEEDS)).read_bytes()
    cut, other_cut = rng.randrange(len(data)), rng.randrange(len(other))
    return data[:cut] + other[other_cut:]


def _repeat_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 200)]
    return data[:start] + chunk * rng.randint(2, 50) + data[start:]


def _insert_nasty(data: bytes, rng: random.Random) -> bytes:
    nasty = rng.choice(
        [
            b"\x00",
            b"\xff\xfe",
            b'"',
            b"\r",
            b";;;;",
            b"=cmd|' /C calc'!A0",
            "\u202e".encode(),
            b"\xef\xbb\xbf",
        ]
    )
    at = rng.randrange(len(data) + 1)
    return data[:at] + nasty + data[at:]


def _shuffle_header(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    separator = b";" if lines[0].count(b";") > lines[0].count(b",") else b","
    header = lines[0].split(separator)
    rng.shuffle(header)
    return b"\n".join([separator.join(header), *lines[1:]])


def _inside_zip(data: bytes, rng: random.Random) -> bytes:
    """Mutate one XML part of an XLSX/ODS and zip it again, so the damage reaches the XML
    parsers instead of stopping at the zip's checksums."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: source.read(info) for info in source.infolist()}
    except (zipfile.BadZipFile, ValueError, RuntimeError, EOFError, zlib.error):
        return _flip(data, rng)
    xml_parts = [name for name in parts if name.endswith(".xml")] or list(parts) or [""]
    target = rng.choice(xml_parts)
    if parts.get(target):
        step = rng.choice([_flip, _truncate, _repeat_chunk, _insert_nasty])
        parts[target] = step(parts[target], rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


_NASTY_VALUES = [
    b"",
    b"-1",
    b"0",
    b"99999999999999999999",
    b"1e400",
    b"nan",
    b"A0",
    b"ZZZZZZZZZZ1",
    b"rId99",
    b"s",
    b"inlineStr",
    b"d",
    b"../../etc/passwd",
    b"/xl/worksheets/none.xml",
    b"1000000000",
]


def _xml_values(data: bytes, rng: random.Random) -> bytes:
    """Replace attribute values and element texts in one XML part of an XLSX/ODS with values
    a careless or hostile writer might put there (references past the end, huge counts,
    types that do not match the value), keeping the XML well formed."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: source.read(info) for info in source.infolist()}
    except (zipfile.BadZipFile, ValueError, RuntimeError, EOFError, zlib.error):
        return _flip(data, rng)
    xml_parts = [name for name in parts if name.endswith((".xml", ".rels"))]
    if not xml_parts:
        return _flip(data, rng)
    target = rng.choice(xml_parts)
    spots = list(re.finditer(rb'="([^"]*)"|>([^<]+)<', parts[target]))
    if not spots:
        return data
    xml = parts[target]
    for spot in sorted(
        rng.sample(spots, min(len(spots), rng.randint(1, 4))), reverse=True, key=lambda m: m.start()
    ):
        group = 1 if spot.group(1) is not None else 2
        value = rng.choice(_NASTY_VALUES)
        xml = xml[: spot.start(group)] + value + xml[spot.end(group) :]
    parts[target] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


MUTATIONS = [
    _flip,
    _truncate,
    _splice,
    _repeat_chunk,
    _insert_nasty,
    _shuffle_header,
    _inside_zip,
    _xml_values,
]


def mutated_files(seed: int, count: int):
    rng = random.Random(seed)
    for n in range(count):
        name = rng.choice(SEEDS)
        data = (FILES / name).read_bytes()
        steps = [rng.choice(MUTATIONS) for _ in range(rng.randint(1, 3))]
        for step in steps:
            if data:
                data = step(data, rng)
        yield n, name, "+".join(step.__name__.strip("_") for step in steps), data


def stashed_uploads() -> set[str]:
    """Keys of uploads waiting for a confirm (the test cache is local memory)."""
    return {key for key in caches["default"]._cache if "results-import:" in key}


@pytest.fixture
def data_staff(client, demo):
    user = User.objects.create_user("fuzz", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Data staff"))
    client.force_login(user)
    return client


def fuzz(client, *, seed: int, count: int, seconds: float | None = None) -> dict:
    print(f"\nfuzz seed {seed} (replay: FUZZ_SEED={seed} make fuzz)")
    before = database_state(ignore=BOOKKEEPING)
    started, slowest, outcomes = time.monotonic(), (0.0, ""), {"preview": 0, "refused": 0}
    for n, name, how, data in mutated_files(seed, count):
        if seconds is not None and time.monotonic() - started > seconds:
            break
        stashed = stashed_uploads()
        upload = SimpleUploadedFile(name, data)
        start = time.perf_counter()
        response = client.post(IMPORT, {"import_file": upload, "year": 2022, "table": "overall"})
        elapsed = time.perf_counter() - start
        case = f"seed {seed}, case {n}: {name} after {how}"
        slowest = max(slowest, (elapsed, case))
        assert response.status_code == 200, case
        assert elapsed < REQUEST_BUDGET_SECONDS, case
        report = response.context.get("report")
        if report is None or not report.ok:
            outcomes["refused"] += 1
            assert stashed_uploads() == stashed, f"{case}: a refused file was kept"
            # No report: the form itself refused the upload (an empty file), and says why.
            message = report.errors if report else response.context["form"].errors
            assert message, f"{case}: refused without a message"
        else:
            outcomes["preview"] += 1
            assert len(stashed_uploads() - stashed) == 1, case
        caches["default"].delete_many(list(stashed_uploads() - stashed))
    assert database_state(ignore=BOOKKEEPING) == before
    print(
        f"fuzz seed {seed}: {sum(outcomes.values())} requests, {outcomes['preview']} previews, "
        f"{outcomes['refused']} refused; slowest {slowest[0]:.2f} s ({slowest[1]})"
    )
    return outcomes


def test_mutated_sample_files_get_a_preview_or_a_message_and_write_nothing(data_staff):
    outcomes = fuzz(data_staff, seed=20210602, count=60)

    assert outcomes["refused"] > 0
    assert outcomes["preview"] > 0


@pytest.mark.skipif(not os.environ.get("FUZZ_SECONDS"), reason="the long fuzzing run: make fuzz")
def test_long_fuzzing_run(data_staff):
    seed = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(2**32))
    fuzz(data_staff, seed=seed, count=1_000_000, seconds=float(os.environ["FUZZ_SECONDS"]))
