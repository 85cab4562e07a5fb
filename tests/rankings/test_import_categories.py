"""An optional category column (university, engineering school, business school, other),
in English or French: it sets a new institution's category and changes a known one's, while a
blank cell keeps what is stored."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from schools.models import School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def import_rows(tmp_path, header: str, rows: list[str]) -> str:
    path = tmp_path / "tables.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    out = io.StringIO()
    call_command("import_results", str(path), "--edition", "2030", stdout=out)
    return out.getvalue()


def categories() -> dict[str, str]:
    return dict(School.objects.values_list("name", "category"))


def test_new_institutions_take_the_category_in_english_or_french(tmp_path):
    import_rows(
        tmp_path,
        "institution,country,table,rank,catégorie",
        [
            "Alpha,FR,overall,1,École de commerce",
            "Beta,FR,overall,2,engineering school",
            "Gamma,FR,overall,3,Université",
            "Delta,FR,overall,4,",
        ],
    )
    assert categories() == {
        "Alpha": "business",
        "Beta": "engineering",
        "Gamma": "university",
        "Delta": "",
    }


def test_a_known_institution_changes_category_but_a_blank_cell_keeps_it(tmp_path):
    SchoolFactory(name="Alpha", country="FR", category="university")
    SchoolFactory(name="Beta", country="FR", category="business")
    import_rows(tmp_path, "institution,country,table,rank,type", ["Alpha,FR,overall,1,other"])
    import_rows(tmp_path, "institution,country,table,rank,type", ["Beta,FR,overall,2,"])
    assert categories() == {"Alpha": "other", "Beta": "business"}


def test_an_unknown_category_is_a_row_error(tmp_path):
    path = tmp_path / "tables.csv"
    path.write_text("institution,country,table,rank,category\nAlpha,FR,overall,1,college\n")
    with pytest.raises(CommandError):
        call_command("import_results", str(path), "--edition", "2030", stderr=io.StringIO())
    assert not School.objects.exists()


def test_a_file_without_the_column_leaves_categories_alone(tmp_path):
    SchoolFactory(name="Alpha", country="FR", category="engineering")
    import_rows(tmp_path, "institution,country,table,rank", ["Alpha,FR,overall,1"])
    assert categories() == {"Alpha": "engineering"}
