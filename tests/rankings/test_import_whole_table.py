"""When a file holds a whole table (it starts at rank 1 and reaches its last position), the
import derives the edition's totals and national ranks from it; an extract must not pass
for the world table. Tested at its boundaries, through `manage.py import_results`."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

WHOLE = "The overall table is whole"

# (case, the overall ranks of the file, top to bottom, whether they make a whole table)
TABLES = [
    ("exact-ranks", ["1", "2", "3"], True),
    ("a-single-first", ["1"], True),
    ("missing-its-last-position", ["1", "2", "4"], False),
    ("missing-rank-1", ["2", "3", "4"], False),
    ("a-single-second", ["2"], False),
    ("a-tie-for-second-without-a-first", ["=2", "=2", "=2"], False),
    ("ties", ["=1", "=1", "3"], True),
    ("ties-missing-the-last-position", ["=1", "=1", "4"], False),
    ("a-last-band", ["1", "2", "3-4", "3-4"], True),
    ("a-band-for-first", ["1-2", "1-2", "3"], True),
    ("missing-the-last-band", ["1", "2", "3", "5-6"], False),
]


def import_overall(tmp_path, ranks: list[str]) -> str:
    rows = [f"School {n},{'FR' if n % 2 else 'DE'},overall,{rank}" for n, rank in enumerate(ranks)]
    path = tmp_path / "overall.csv"
    path.write_text("\n".join(["institution,country,table,rank", *rows]) + "\n")
    out = io.StringIO()
    call_command("import_results", str(path), "--edition", "2030", "--dry-run", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("case", "ranks", "whole"), TABLES, ids=[t[0] for t in TABLES])
def test_a_table_is_whole_only_from_rank_1_to_its_last_position(tmp_path, case, ranks, whole):
    out = import_overall(tmp_path, ranks)

    assert (WHOLE in out) is whole, out
    assert ("Institutions ranked in the edition" in out) is whole, out


def test_a_whole_table_gives_the_edition_its_count_and_national_ranks(tmp_path):
    out = import_overall(tmp_path, ["1", "2", "3-4", "3-4"])

    assert (
        "The overall table is whole (4 institutions): national ranks the file leaves out are "
        "derived from it." in out
    )
    assert "Institutions ranked in the edition: 4, in 2 countries (France: 2)." in out
