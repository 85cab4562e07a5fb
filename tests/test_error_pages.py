"""The server-error page: it must render when everything else has failed."""

from django.test import RequestFactory
from django.views.defaults import server_error


def test_the_server_error_page_renders_without_the_database_in_both_languages():
    # No database fixture: pytest-django makes any query here an error.
    response = server_error(RequestFactory().get("/en/schools/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "Une erreur est survenue de notre côté" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "/static/css/site.css" in page
