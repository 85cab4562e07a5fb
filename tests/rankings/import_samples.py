"""Helpers for the import and export tests: sample files and a checksum of the result tables."""

import hashlib
from pathlib import Path

from rankings.models import Edition, EditionCountry, Ranking, Result, SDGResult
from schools.models import School

FILES = Path(__file__).parent / "files"


def sample(name: str) -> bytes:
    return (FILES / name).read_bytes()


def tables_checksum() -> str:
    """A digest of every row an import may touch: equal digests mean nothing was written."""
    digest = hashlib.sha256()
    for model in (Ranking, Edition, EditionCountry, School, Result, SDGResult):
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
    return digest.hexdigest()
