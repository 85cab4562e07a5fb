"""Admin import and export of results: permissions, preview, all-or-nothing confirm, export."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rankings.models import Result
from tests.factories import EditionFactory, RankingFactory, ResultFactory, SchoolFactory
from tests.rankings.import_samples import sample, tables_checksum

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:rankings_result_import")
CONFIRM = reverse("admin:rankings_result_process_import")
EXPORT = reverse("admin:rankings_result_export")


def upload(client, name, **fields):
    data = {"import_file": SimpleUploadedFile(name, sample(name)), "year": 2021, **fields}
    return client.post(IMPORT, data)


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", IMPORT),
        ("post", IMPORT),
        ("post", CONFIRM),
        ("get", EXPORT),
    ],
)
def test_staff_without_the_import_or_export_permission_get_403(editor, method, url):
    assert getattr(editor, method)(url).status_code == 403


def test_data_staff_see_the_import_and_export_buttons(data_staff):
    page = data_staff.get(reverse("admin:rankings_result_changelist")).content.decode()

    assert f"href='{IMPORT}'" in page
    assert f'href="{EXPORT}?' in page


def test_the_preview_shows_counts_changes_and_writes_nothing(data_staff):
    school = SchoolFactory(name="IMT Atlantique", country="FR")
    ResultFactory(edition=EditionFactory(year=2021), school=school, rank="301-400")
    before = tables_checksum()

    response = upload(data_staff, "long.xlsx")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd data-count="new">13</dd>' in page
    assert '<dd data-count="updated">1</dd>' in page
    assert "<td>301–400</td>" in page
    assert "<td>101–200, score 79.5–85.0, national 1</td>" in page
    assert "Western Sydney University (AU)" in page  # listed as a new institution
    assert 'value="Confirm import"' in page
    assert tables_checksum() == before


def test_a_file_with_errors_lists_every_error_and_offers_no_confirm(data_staff):
    page = upload(data_staff, "bad_rows.csv").content.decode()

    assert "<li>row 4: table: there is no SDG 18 (1–17)</li>" in page
    assert "<li>row 5: institution: blank</li>" in page
    assert 'value="Confirm import"' not in page


def test_confirm_writes_everything_and_says_what_it_did(data_staff):
    preview = upload(data_staff, "the_overall.csv", table="overall")
    confirm = preview.context["confirm_form"].initial

    response = data_staff.post(CONFIRM, confirm, follow=True)

    assert Result.objects.count() == 10
    assert [str(m) for m in response.context["messages"]] == [
        "Imported into THE Impact Rankings 2021: 10 new, 0 updated, 0 unchanged, 0 skipped, 0 errors."
    ]
    entry = LogEntry.objects.get()
    assert entry.object_repr == "THE Impact Rankings 2021"
    assert entry.get_change_message() == (
        "Imported results from the_overall.csv: 10 new, 0 updated, 0 unchanged, 0 skipped, 0 errors."
    )


def test_confirm_after_someone_changed_the_data_writes_nothing_and_says_so(data_staff):
    school = SchoolFactory(name="IMT Atlantique", country="FR")
    result = ResultFactory(edition=EditionFactory(year=2021), school=school, rank="301-400")
    confirm = upload(data_staff, "long.csv").context["confirm_form"].initial
    result.rank = "1"
    result.save()
    before = tables_checksum()

    response = data_staff.post(CONFIRM, confirm)

    page = response.content.decode()
    assert "Nothing was written." in page
    assert "The data changed since the preview" in page
    assert tables_checksum() == before


def test_an_expired_upload_writes_nothing(data_staff):
    confirm = upload(data_staff, "long.csv").context["confirm_form"].initial
    cache.clear()

    response = data_staff.post(CONFIRM, confirm, follow=True)

    assert not Result.objects.exists()
    assert [str(m) for m in response.context["messages"]] == [NOT_STASHED]


NOT_STASHED = (
    "Nothing was written: this upload was already imported, or it waited more than an hour. "
    "Upload the file again if it still needs importing."
)


def test_confirming_twice_writes_once_and_says_why_the_second_did_nothing(data_staff):
    confirm = upload(data_staff, "long.csv").context["confirm_form"].initial
    data_staff.post(CONFIRM, confirm, follow=True)  # imported; its message shown
    assert Result.objects.exists()
    written = tables_checksum()

    response = data_staff.post(CONFIRM, confirm, follow=True)

    assert tables_checksum() == written
    assert [str(m) for m in response.context["messages"]] == [NOT_STASHED]


def test_an_upload_over_the_limit_is_refused_by_the_form(data_staff, settings):
    settings.RESULTS_IMPORT_MAX_UPLOAD_BYTES = 100

    page = upload(data_staff, "long.csv").content.decode()

    assert "The file is 0.0 MB; the limit is 0.0 MB." in page


def test_export_downloads_the_edition_in_the_chosen_format(data_staff):
    edition = EditionFactory(year=2021)
    ResultFactory(edition=edition, school=SchoolFactory(name="IMT Atlantique"), rank="101-200")

    response = data_staff.post(EXPORT, {"edition": edition.pk, "format": "csv"})

    assert (
        response["Content-Disposition"]
        == 'attachment; filename="results-the-impact-rankings-2021.csv"'
    )
    assert (
        response.content.decode("utf-8-sig").splitlines()[1]
        == "IMT Atlantique,FR,overall,101–200,,,"
    )


def test_an_import_can_go_to_another_ranking(data_staff):
    RankingFactory(slug="the-subjects", name="THE by subject")
    preview = upload(data_staff, "subjects_long.csv", ranking="the-subjects")
    # The preview lists the subject tables the import creates.
    assert (
        "New subject tables, which the import creates: Computer science, Engineering and "
        "technology." in preview.content.decode()
    )

    data_staff.post(CONFIRM, preview.context["confirm_form"].initial)

    assert Result.objects.filter(edition__ranking__slug="the-subjects").count() == 3


def test_the_export_form_preselects_the_edition_of_the_filtered_list(data_staff, demo):
    from rankings.models import Edition

    edition = Edition.objects.get(year=2020)

    page = data_staff.get(f"/admin/rankings/result/export/?edition__id__exact={edition.pk}")

    assert f'<option value="{edition.pk}" selected>' in page.content.decode()
    unfiltered = data_staff.get("/admin/rankings/result/export/").content.decode()
    assert f'<option value="{edition.pk}" selected>' not in unfiltered


def test_cancel_needs_the_import_permission(editor):
    assert (
        editor.post("/admin/rankings/result/import/cancel/", {"token": "x" * 30}).status_code == 403
    )
