"""Faults that only PostgreSQL can show: concurrent imports, a connection killed mid-write,
data changed by another session between preview and confirm."""

import threading

import psycopg
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from rankings.importing.service import Options, preview_import, run_import
from rankings.models import Result, SDGResult
from tests.rankings.import_samples import sample
from tests.reliability.checks import BOOKKEEPING, database_state

pytestmark = pytest.mark.django_db(transaction=True)

IMPORT = reverse("admin:rankings_result_import")
CONFIRM = reverse("admin:rankings_result_process_import")


def other_session():
    """A second connection to the test database, as another app server would hold."""
    params = connection.get_connection_params()
    return psycopg.connect(
        **{k: v for k, v in params.items() if k in {"dbname", "user", "host", "port", "password"}},
        autocommit=True,
    )


def in_parallel(*jobs):
    start = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def run(n, job):
        try:
            start.wait()
            outcomes[n] = job()
        except Exception as error:  # a collision must show up as a failed assertion, not a hang
            outcomes[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def data_staff(client, postgresql_only, demo):
    user = User.objects.create_user("data", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Data staff"))
    client.force_login(user)
    return client


def test_two_files_naming_the_same_new_institutions_imported_at_once_both_land(data_staff):
    long, wide = sample("long.csv"), sample("wide.csv")

    reports = in_parallel(
        lambda: run_import(long, options=Options(year=2022)),
        lambda: run_import(wide, options=Options(year=2022)),
    )

    # They queue: the second plans against what the first wrote, so both land whole.
    assert [getattr(report, "written", report) for report in reports] == [True, True]
    for data in (long, wide):
        again = preview_import(data, options=Options(year=2022))
        assert (again.new, again.updated) == (0, 0)


def test_two_imports_into_different_editions_at_once_both_succeed(data_staff):
    data = sample("long.csv")

    reports = in_parallel(
        lambda: run_import(data, options=Options(year=2022)),
        lambda: run_import(data, options=Options(year=2023)),
    )

    assert [report.written for report in reports] == [True, True], reports
    assert Result.objects.filter(edition__year__in=[2022, 2023]).count() == 12


def test_a_connection_killed_mid_import_commits_nothing_and_says_so(data_staff):
    preview = data_staff.post(
        IMPORT, {"import_file": SimpleUploadedFile("long.csv", sample("long.csv")), "year": 2022}
    )
    confirm = preview.context["confirm_form"].initial
    before = database_state(ignore=BOOKKEEPING)
    inserts = []

    def kill_at_second_insert(execute, sql, params, many, context):
        # The Results are in (inside the transaction); the connection dies before the SDG rows.
        if sql.startswith("INSERT"):
            inserts.append(sql)
            if len(inserts) == 2:
                with other_session() as session:
                    session.execute(
                        "SELECT pg_terminate_backend(%s)",
                        [context["connection"].connection.info.backend_pid],
                    )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(kill_at_second_insert):
        response = data_staff.post(CONFIRM, confirm)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was written." in page
    assert "connection to the database was lost" in page
    assert len(inserts) == 2, "the connection was not killed mid-import"
    # The next request works, on a fresh connection, and finds nothing half-written.
    assert data_staff.get(reverse("admin:rankings_result_changelist")).status_code == 200
    assert database_state(ignore=BOOKKEEPING) == before
    assert not SDGResult.objects.filter(result__edition__year=2022).exists()


def test_data_changed_by_another_session_between_preview_and_confirm_writes_nothing(data_staff):
    preview = data_staff.post(
        IMPORT, {"import_file": SimpleUploadedFile("long.csv", sample("long.csv")), "year": 2021}
    )
    confirm = preview.context["confirm_form"].initial
    atlantique = Result.objects.get(edition__year=2021, school__slug="imt-atlantique")
    with other_session() as session:
        session.execute(
            "UPDATE rankings_result SET national_rank = 2 WHERE id = %s", [atlantique.pk]
        )
    before = database_state(ignore=BOOKKEEPING)

    page = data_staff.post(CONFIRM, confirm).content.decode()

    assert "Nothing was written." in page
    assert "The data changed since the preview" in page
    assert database_state(ignore=BOOKKEEPING) == before
