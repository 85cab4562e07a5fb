"""An import writes in bulk, without save signals; it must still empty the public page cache."""

from rankings.importing.service import Options, run_import

NEW_SCHOOL = "Université Cache Test"


def test_an_import_empties_the_page_cache(client, demo, django_capture_on_commit_callbacks):
    before = client.get("/en/rankings/2021/")
    assert NEW_SCHOOL not in before.text
    csv = f"institution,country,table,rank\n{NEW_SCHOOL},FR,overall,601-800\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(csv, options=Options(year=2021))
    assert report.written, report.errors
    assert NEW_SCHOOL in client.get("/en/rankings/2021/").text
