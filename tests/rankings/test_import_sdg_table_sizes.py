"""A whole SDG table in a file gives the edition that table's size (\"35th of 1,180\"), as a
whole overall table gives the edition's total; an extract or an unchanged re-import does not."""

import io

import pytest
from django.core.management import call_command

from rankings.models import SDGTable

pytestmark = pytest.mark.django_db


def import_rows(tmp_path, rows: list[str], *, dry_run=False) -> str:
    path = tmp_path / "tables.csv"
    path.write_text("\n".join(["institution,country,table,rank", *rows]) + "\n")
    out = io.StringIO()
    args = ["--dry-run"] if dry_run else []
    call_command("import_results", str(path), "--edition", "2030", *args, stdout=out)
    return out.getvalue()


def sizes() -> dict[int, int]:
    return dict(SDGTable.objects.values_list("sdg_id", "institutions_ranked"))


WHOLE_SDG_4 = [f"School {n},FR,SDG 4,{n + 1}" for n in range(5)]


def test_a_whole_sdg_table_gives_its_size(tmp_path):
    out = import_rows(tmp_path, WHOLE_SDG_4)
    assert sizes() == {4: 5}
    assert "Institutions ranked per SDG table: SDG 4 table: 5." in out.replace("\u00a0", " ")


def test_a_dry_run_writes_no_size(tmp_path):
    import_rows(tmp_path, WHOLE_SDG_4, dry_run=True)
    assert sizes() == {}


def test_an_extract_gives_no_size(tmp_path):
    import_rows(tmp_path, [f"School {n},FR,SDG 4,{n + 3}" for n in range(5)])
    assert sizes() == {}


def test_re_importing_leaves_the_size_and_an_extract_does_not_shrink_it(tmp_path):
    import_rows(tmp_path, WHOLE_SDG_4)
    out = import_rows(tmp_path, WHOLE_SDG_4)
    assert "per SDG table" not in out
    import_rows(tmp_path, ["Other School,FR,SDG 4,1", "Third School,DE,SDG 4,2"])
    assert sizes() == {4: 5}


def test_an_sdg_table_size_edited_in_the_admin_is_kept_by_a_smaller_file(tmp_path):
    import_rows(tmp_path, WHOLE_SDG_4)
    SDGTable.objects.update(institutions_ranked=1180)
    import_rows(tmp_path, [f"School {n},FR,SDG 4,{n + 1}" for n in range(6)])
    assert sizes() == {4: 1180}
