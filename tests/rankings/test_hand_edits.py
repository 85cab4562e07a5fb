"""Hand edits and imports: a rank changed in the admin moves the national ranks derived from its
table (recomputed from a whole table, flagged for an extract), and a re-import that would undo
a hand edit says who made it and when."""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from rankings.background import log_import
from rankings.importing.service import Options, preview_import, run_import
from rankings.models import Result
from tests.conftest import admin_url
from tests.factories import EditionFactory, ResultFactory, SchoolFactory, SDGResultFactory

from .test_admin import result_form_data


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def whole_table(db):
    """A whole overall table of four: three French institutions, nationals 1, 2, 3."""
    edition = EditionFactory(year=2021)
    rows = {}
    for name, country, rank, national in [
        ("A", "FR", "1", 1),
        ("B", "DE", "2", 1),
        ("C", "FR", "3", 2),
        ("D", "FR", "4", 3),
    ]:
        school = SchoolFactory(name=f"École {name}", country=country)
        rows[name] = ResultFactory(
            edition=edition, school=school, rank=rank, national_rank=national
        )
    return rows


def test_a_rank_changed_by_hand_recomputes_the_national_ranks_of_a_whole_table(
    admin_client, whole_table
):
    d = whole_table["D"]
    response = admin_client.post(
        admin_url(Result, "change", d.pk),
        result_form_data(d, rank="=1") | {"national_rank": "3"},
        follow=True,
    )

    national = {k: Result.objects.get(pk=r.pk).national_rank for k, r in whole_table.items()}
    assert national == {"A": 1, "B": 1, "C": 3, "D": 1}
    assert any("2 national ranks in France were recomputed" in m for m in messages_of(response))


def test_a_national_rank_typed_with_the_rank_is_kept(admin_client, whole_table):
    d = whole_table["D"]
    data = result_form_data(d, rank="=1") | {"national_rank": "2"}
    admin_client.post(admin_url(Result, "change", d.pk), data)

    assert Result.objects.get(pk=d.pk).national_rank == 2
    assert Result.objects.get(pk=whole_table["C"].pk).national_rank == 3


def test_a_rank_changed_in_an_extract_flags_the_national_ranks_as_stale(admin_client):
    edition = EditionFactory(year=2021)
    ours = ResultFactory(edition=edition, rank="301-400", national_rank=2)
    other = ResultFactory(edition=edition, rank="101-200", national_rank=1)
    sdg_row = SDGResultFactory(result=ours, sdg_id=11, rank="201-300", national_rank=4)

    data = result_form_data(ours, rank="101-200", sdg_rows=[(sdg_row.pk, 11, "101-200", "")])
    data |= {"national_rank": "2", "sdg_results-0-national_rank": "4"}
    response = admin_client.post(admin_url(Result, "change", ours.pk), data, follow=True)

    found = messages_of(response)
    assert any("National ranks may be stale" in m and "overall table" in m for m in found)
    assert any("National ranks may be stale" in m and "SDG 11 table" in m for m in found)
    assert Result.objects.get(pk=other.pk).national_rank == 1
    assert Result.objects.get(pk=ours.pk).national_rank == 2


CSV = b"institution,country,table,rank\nEcole A,FR,overall,101-200\nEcole A,FR,11,57\n"


def options():
    return Options(year=2021, filename="the.csv")


@pytest.fixture
def imported(db):
    report = run_import(CSV, options=options())
    assert report.written
    return Result.objects.get(school__name="Ecole A")


def test_the_preview_names_who_edited_a_result_the_import_would_undo(admin_client, imported):
    sdg_row = imported.sdg_results.get()
    data = result_form_data(imported, rank="301-400", sdg_rows=[(sdg_row.pk, 11, "57", "")])
    admin_client.post(admin_url(Result, "change", imported.pk), data)

    report = preview_import(CSV, options=options())
    [change] = report.changes
    assert change.table == "overall"
    assert change.edited.startswith("edited in the admin on ")
    assert change.edited.endswith(" by admin")
    assert "(edited in the admin on" in str(change)
    assert any("undoes an edit made in the admin" in str(w) for w in report.warnings)


def test_an_sdg_row_edited_by_hand_is_named_and_not_the_overall_rank(admin_client, imported):
    sdg_row = imported.sdg_results.get()
    data = result_form_data(imported, rank="101-200", sdg_rows=[(sdg_row.pk, 11, "=57", "")])
    admin_client.post(admin_url(Result, "change", imported.pk), data)

    report = preview_import(CSV.replace(b"101-200", b"201-300"), options=options())
    edited = {change.table: change.edited for change in report.changes}
    assert edited["overall"] == ""
    assert "by admin" in edited["SDG 11"]


def test_a_hand_edit_before_the_last_import_is_not_named(admin_client, imported):
    data = result_form_data(imported, rank="301-400")
    admin_client.post(admin_url(Result, "change", imported.pk), data)
    run_import(CSV, options=options())
    log_import(User.objects.get().pk, options(), preview_import(CSV, options=options()))

    Result.objects.filter(pk=imported.pk).update(rank_low=401, rank_high=600)
    report = preview_import(CSV, options=options())
    assert [change.edited for change in report.changes] == [""]


def test_the_preview_page_shows_who_edited_what_the_import_would_undo(admin_client, imported):
    data = result_form_data(imported, rank="301-400")
    admin_client.post(admin_url(Result, "change", imported.pk), data)

    page = admin_client.post(
        reverse("admin:rankings_result_import"),
        {"import_file": SimpleUploadedFile("the.csv", CSV), "year": 2021},
    ).content.decode()
    assert '<strong class="import-hand-edit">edited in the admin on ' in page
    assert "1 change undoes an edit made in the admin since the last import" in page


def test_the_hand_edit_label_speaks_french(admin_client, imported):
    admin_client.post(
        admin_url(Result, "change", imported.pk), result_form_data(imported, rank="301-400")
    )
    with translation.override("fr"):
        report = preview_import(CSV, options=options())
        assert report.changes[0].edited.startswith("modifié dans l’administration le ")
        assert "annule une correction faite dans l’administration" in str(report.warnings[-1])
