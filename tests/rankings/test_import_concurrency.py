"""Two imports confirmed at the same moment on PostgreSQL: one is written, the other refused."""

import threading

import pytest
from django.db import connection

from rankings.importing.service import Options, preview_import, run_import
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
def test_a_second_import_waits_for_the_first_and_then_finds_nothing_to_do(postgresql_only):
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

    # Without a preview to compare with, the second waits for the first one's commit (an
    # advisory lock queues imports) and finds every row already there: never a double write.
    assert sorted((report.new, report.unchanged) for report in reports) == [(0, 14), (14, 0)]
    assert Result.objects.count() == 6
    assert SDGResult.objects.count() == 8
