"""Two imports confirmed at the same moment on PostgreSQL: one is written, the other refused."""

import threading

import pytest
from django.db import connection

from rankings.importing import Options, preview_import, run_import
from rankings.models import Edition, Result, SDGResult
from schools.models import School
from tests.rankings.import_samples import sample


@pytest.mark.django_db(transaction=True)
def test_two_confirms_of_the_same_preview_write_once_and_refuse_the_other(postgresql_only):
    options = Options(year=2021, table="overall")
    data = sample("the_overall.csv")
    fingerprint = preview_import(data, options=options).fingerprint
    start = threading.Barrier(2)
    reports = []

    def confirm():
        try:
            start.wait()
            reports.append(run_import(data, options=options, expected_fingerprint=fingerprint))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(report.written for report in reports) == [False, True]
    refused = next(report for report in reports if not report.written)
    assert refused.stale
    assert refused.errors[0].endswith("nothing was written. Preview the file again.")
    assert Edition.objects.count() == 1
    assert School.objects.count() == 10
    assert Result.objects.count() == 10
    assert not SDGResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_confirm_waits_for_a_concurrent_one_and_then_finds_nothing_to_do(postgresql_only):
    options = Options(year=2021)
    data = sample("long.csv")
    start = threading.Barrier(2)
    reports = []

    def confirm():
        try:
            start.wait()
            reports.append(run_import(data, options=options))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Without a preview to compare with, the second import either sees the first one's rows
    # (all unchanged) or collides on the new edition and is refused: never a double write.
    assert all(report.ok or report.stale for report in reports)
    assert Result.objects.count() == 6
    assert SDGResult.objects.count() == 8
