"""HTTP caching of the public pages: Cache-Control for a shared proxy, an ETag, 304 answers."""

import pytest
from django.core.cache import cache

from common import pagecache
from schools.models import School

pytestmark = pytest.mark.django_db


def test_a_public_page_may_be_kept_briefly_by_a_shared_proxy(client, demo):
    for _ in range(2):  # rendered, then from the page cache
        response = client.get("/en/schools/imt-atlantique/")
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "s-maxage=5", "stale-while-revalidate=5"} <= control
        assert response["ETag"].startswith('"')


def test_a_conditional_request_gets_304_without_rendering(client, demo, django_assert_num_queries):
    etag = client.get("/en/rankings/2021/")["ETag"]
    cache.delete(pagecache.page_key("/en/rankings/2021/"))  # evicted: still no rendering
    with django_assert_num_queries(0):
        response = client.get("/en/rankings/2021/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_a_change_gives_a_new_etag(client, demo, django_capture_on_commit_callbacks):
    etag = client.get("/en/schools/imt-atlantique/")["ETag"]
    school = School.objects.get(slug="imt-atlantique")
    school.name = "IMT Atlantique Bretagne-Pays de la Loire"
    with django_capture_on_commit_callbacks(execute=True):
        school.save()
    response = client.get("/en/schools/imt-atlantique/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "IMT Atlantique Bretagne-Pays de la Loire" in response.content.decode()


def test_pages_differ_in_etag(client, demo):
    english = client.get("/en/about/")["ETag"]
    french = client.get("/fr/about/")["ETag"]
    filtered = client.get("/en/schools/", {"country": "FR"})["ETag"]
    assert len({english, french, filtered}) == 3


def test_a_visitor_with_a_session_gets_a_private_page(client, demo):
    client.get("/en/about/")
    client.cookies["sessionid"] = "an-editor-session"
    response = client.get("/en/about/")
    assert response["Cache-Control"] == "private, no-cache"
