"""Large imports run in the background worker: same all-or-nothing import, visible progress."""

import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from rankings import background
from rankings.background import enqueue_import, run_import_job
from rankings.importing.service import Options, preview_import
from rankings.models import Edition, ImportJob, Result
from tests.factories import RankingFactory
from tests.postgres import database_url

ROOT = Path(__file__).resolve().parents[2]


def csv_file(rows: int, *, bad_row: int | None = None) -> bytes:
    lines = ["institution,country,table,rank"]
    for n in range(rows):
        rank = "not a rank" if n == bad_row else f"{n + 1}"
        lines.append(f"Background University {n},DE,overall,{rank}")
    return ("\n".join(lines) + "\n").encode()


def queue(data: bytes, django_capture_on_commit_callbacks, **options) -> ImportJob:
    options = Options(year=2021, filename="big.csv", **options)
    preview = preview_import(data, options=options)
    with django_capture_on_commit_callbacks() as callbacks:
        job = enqueue_import(
            data, options=options, expected_fingerprint=preview.fingerprint or "", user=None
        )
    # Enqueued only once the job row is committed, so a worker elsewhere can find it.
    assert [c for c in callbacks if "enqueue_import" in c.__qualname__]
    return job


@pytest.mark.django_db
def test_a_background_import_writes_everything_and_reports_its_rows(
    demo, django_capture_on_commit_callbacks
):
    job = queue(csv_file(2500), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.QUEUED
    with django_capture_on_commit_callbacks(execute=True):
        assert run_import_job.call(job.pk) == ImportJob.Status.SUCCEEDED
    job.refresh_from_db()
    assert job.finished
    assert job.percent == 100
    assert (job.rows_done, job.rows_total) == (2500, 2500)
    assert "2500 new" in job.summary or "2,500 new" in job.summary
    assert job.errors == []
    assert job.data == b""
    assert Result.objects.filter(school__name__startswith="Background University").count() == 2500


@pytest.mark.django_db
def test_a_background_import_with_a_bad_row_writes_nothing_and_says_why(
    demo, django_capture_on_commit_callbacks
):
    before = Result.objects.count()
    job = queue(csv_file(50), django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(data=csv_file(50, bad_row=9))
    run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert any(error.startswith("row 11: rank:") for error in job.errors)
    assert Result.objects.count() == before


@pytest.mark.django_db
def test_a_background_import_goes_into_the_ranking_the_editor_chose(
    demo, django_capture_on_commit_callbacks
):
    other = RankingFactory(slug="another-ranking", name="Another ranking")
    job = queue(csv_file(30), django_capture_on_commit_callbacks, ranking=other.slug)
    assert run_import_job.call(job.pk) == ImportJob.Status.SUCCEEDED, job.errors
    imported = Result.objects.filter(school__name__startswith="Background University")
    assert imported.count() == 30
    assert set(imported.values_list("edition__ranking__slug", flat=True)) == {"another-ranking"}


@pytest.mark.django_db
def test_data_changed_since_the_preview_fails_the_job(demo, django_capture_on_commit_callbacks):
    job = queue(csv_file(20), django_capture_on_commit_callbacks)
    queue(csv_file(20), django_capture_on_commit_callbacks)
    run_import_job.call(job.pk + 1)  # the second import of the same rows lands first
    run_import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "changed since the preview" in " ".join(job.errors)


@pytest.mark.django_db
def test_a_finished_job_is_not_run_again(demo, django_capture_on_commit_callbacks):
    job = queue(csv_file(5), django_capture_on_commit_callbacks)
    run_import_job.call(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(summary="kept")
    assert run_import_job.call(job.pk) == ImportJob.Status.SUCCEEDED
    job.refresh_from_db()
    assert job.summary == "kept"


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_connections_while_the_import_runs(
    postgresql_only, monkeypatch
):
    from django.core.management import call_command

    call_command("loaddemo", verbosity=0)
    job = enqueue_import(
        csv_file(3000), options=Options(year=2021), expected_fingerprint="", user=None
    )
    seen = []
    real_run_import = background.run_import

    def observed_run_import(data, *, progress, **kwargs):
        def spying_progress(stage, done, total):
            progress(stage, done, total)
            # What the admin, on another connection, reads at this moment.
            with psycopg.connect(database_url()) as other:
                seen.append(
                    other.execute(
                        "SELECT status, stage, rows_done, rows_total FROM rankings_importjob WHERE id = %s",
                        [job.pk],
                    ).fetchone()
                )

        return real_run_import(data, progress=spying_progress, **kwargs)

    monkeypatch.setattr(background, "run_import", observed_run_import)
    run_import_job.call(job.pk)
    assert ("running", "checking", 1000, 3000) in seen
    assert ("running", "writing", 3000, 3000) in seen
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_import(postgresql_only):
    from django.core.management import call_command

    call_command("loaddemo", verbosity=0)
    data = csv_file(300)
    options = Options(year=2021, filename="worker.csv")
    job = enqueue_import(
        data,
        options=options,
        expected_fingerprint=preview_import(data, options=options).fingerprint,
        user=None,
    )
    worker = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "-v",
            "0",
        ],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": database_url(),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Result.objects.filter(school__name__startswith="Background University").count() == 300


def test_a_big_file_confirmed_in_the_admin_goes_to_the_worker_and_shows_progress(
    data_staff, demo, settings, django_capture_on_commit_callbacks
):
    client = data_staff
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.IMPORT_BACKGROUND_ROWS = 100
    upload = SimpleUploadedFile("big.csv", csv_file(150), content_type="text/csv")
    preview = client.post("/admin/rankings/result/import/", {"import_file": upload, "year": 2021})
    hidden = dict(
        re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', preview.content.decode())
    )
    assert hidden["rows"] == "150"
    with django_capture_on_commit_callbacks() as callbacks:
        confirmed = client.post("/admin/rankings/result/process_import/", hidden)
    job = ImportJob.objects.get()
    assert confirmed.status_code == 302
    assert confirmed.url == f"/admin/rankings/importjob/{job.pk}/change/"
    assert any("enqueue_import" in c.__qualname__ for c in callbacks)
    assert not Result.objects.filter(school__name__startswith="Background University").exists()

    waiting = client.get(confirmed.url)
    assert waiting.status_code == 200
    assert b'http-equiv="refresh"' in waiting.content
    assert b"Queued" in waiting.content
    assert b"Waiting for a worker" not in waiting.content

    ImportJob.objects.filter(pk=job.pk).update(
        status="running", stage="checking", rows_done=50, rows_total=150
    )
    running = client.get(confirmed.url).content.decode()
    assert "50 of 150 rows" in running
    assert '<progress max="100" value="33"' in running

    run_import_job.call(job.pk)
    done = client.get(confirmed.url).content.decode()
    assert "Imported" in done
    assert "150 new" in done
    assert 'http-equiv="refresh"' not in done
    assert Result.objects.filter(school__name__startswith="Background University").count() == 150
    # The edition's history says who imported what, as for an import done in the request.
    entry = LogEntry.objects.get(object_id=str(Edition.objects.get(year=2021).pk))
    assert entry.user_id == job.created_by_id
    assert entry.get_change_message().startswith("Imported results from big.csv: 150 new")


def test_a_big_file_for_another_ranking_is_imported_there_by_the_worker(
    data_staff, demo, settings, django_capture_on_commit_callbacks
):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    other = RankingFactory(slug="another-ranking", name="Another ranking")
    settings.IMPORT_BACKGROUND_ROWS = 100
    upload = SimpleUploadedFile("big.csv", csv_file(150), content_type="text/csv")
    preview = data_staff.post(
        "/admin/rankings/result/import/",
        {"import_file": upload, "year": 2021, "ranking": other.slug},
    )
    hidden = dict(
        re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', preview.content.decode())
    )
    with django_capture_on_commit_callbacks():
        confirmed = data_staff.post("/admin/rankings/result/process_import/", hidden)
    job = ImportJob.objects.get()
    assert job.ranking == "another-ranking"
    assert "Another ranking" in data_staff.get(confirmed.url).content.decode()
    assert run_import_job.call(job.pk) == ImportJob.Status.SUCCEEDED, job.errors
    assert Result.objects.filter(edition__ranking=other).count() == 150


def previewed(client, name: str, data: bytes) -> dict[str, str]:
    """Upload a file to the admin's import page: the confirm form's hidden fields."""
    upload = SimpleUploadedFile(name, data, content_type="text/csv")
    preview = client.post("/admin/rankings/result/import/", {"import_file": upload, "year": 2021})
    return dict(
        re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', preview.content.decode())
    )


def test_the_threshold_counts_the_file_s_rows_not_its_results(data_staff, demo, settings):
    # A wide row holds an overall rank and SDG ranks: 60 rows, 180 results, under 100 rows.
    settings.IMPORT_BACKGROUND_ROWS = 100
    lines = ["institution,country,overall,sdg1,sdg2"]
    lines += [f"Wide University {n},DE,{n + 1},{n + 1},{n + 1}" for n in range(60)]
    hidden = previewed(data_staff, "wide.csv", ("\n".join(lines) + "\n").encode())
    assert hidden["rows"] == "60"

    confirmed = data_staff.post("/admin/rankings/result/process_import/", hidden)

    assert confirmed.url == "/admin/rankings/result/"  # imported at once, not queued
    assert not ImportJob.objects.exists()
    assert Result.objects.filter(school__name__startswith="Wide University").count() == 60


def test_a_small_file_is_still_imported_at_once(data_staff, demo):
    client = data_staff
    hidden = previewed(client, "small.csv", csv_file(10))
    confirmed = client.post("/admin/rankings/result/process_import/", hidden)
    assert confirmed.url == "/admin/rankings/result/"
    assert not ImportJob.objects.exists()
    assert Result.objects.filter(school__name__startswith="Background University").count() == 10


@pytest.mark.django_db
def test_queueing_and_progress_keep_the_public_page_cache(demo, django_capture_on_commit_callbacks):
    from common import pagecache

    before = pagecache.generation()
    job = queue(csv_file(5), django_capture_on_commit_callbacks)
    job.summary = "touched"
    job.save()
    assert pagecache.generation() == before


def test_a_done_job_links_its_results_names_its_starter_and_shows_100_percent_in_french(
    data_staff, demo, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import User

    job = queue(csv_file(3), django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(created_by=User.objects.get(username="data"))
    queued = data_staff.get(f"/admin/rankings/importjob/{job.pk}/change/").content.decode()
    assert "Queued" in queued
    run_import_job.call(job.pk)

    page = data_staff.get(f"/admin/rankings/importjob/{job.pk}/change/").content.decode()
    edition = Edition.objects.get(ranking__slug="the-impact-rankings", year=2021)
    assert f'href="/admin/rankings/result/?edition__id__exact={edition.pk}"' in page
    assert "/admin/auth/user/" not in page  # data staff may not open user pages: no link
    assert re.search(r"<div class=\"readonly\">data</div>", page)
    assert '<progress max="100" value="100"' in page
    french = data_staff.get(
        f"/admin/rankings/importjob/{job.pk}/change/", headers={"accept-language": "fr"}
    )
    assert "3 lignes sur 3 (100\u00a0%)" in french.content.decode()
