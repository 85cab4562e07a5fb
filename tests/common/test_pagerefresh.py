"""After a change, a reverse proxy's revalidation is answered at once and the page rendered
after the answer is sent (common/pagerefresh.py): no visitor behind nginx waits for a render."""

import time

import pytest
from django.test import RequestFactory

from common import pagecache
from common.pagerefresh import RenderAfter, render_page
from schools.models import School

pytestmark = pytest.mark.django_db

PAGE = "/en/schools/imt-atlantique/"


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["127.0.0.0/8", "::1"]
    return settings


def rename(name: str, capture) -> None:
    school = School.objects.get(slug="imt-atlantique")
    school.name = name
    with capture(execute=True):
        school.save()


def revalidate(client, etag: str, remote: str = "127.0.0.1"):
    """What nginx sends when the copy it keeps has expired (proxy_cache_revalidate)."""
    return client.get(PAGE, headers={"if-none-match": etag}, REMOTE_ADDR=remote)


def control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_proxy_keeps_its_copy_a_moment_while_the_page_is_rendered_after_the_answer(
    client, demo, behind_proxy, django_capture_on_commit_callbacks, django_assert_num_queries
):
    held = client.get(PAGE)["ETag"]
    rename("IMT Atlantique Bretagne-Pays de la Loire", django_capture_on_commit_callbacks)

    # The answer itself: no view runs, nothing is queried.
    def view_must_not_run(request):
        raise AssertionError("rendered before answering")

    request = RequestFactory().get(PAGE, headers={"if-none-match": held})
    with django_assert_num_queries(0):
        answer = pagecache.PageCacheMiddleware(view_must_not_run)(request)
    assert isinstance(answer, RenderAfter)
    assert answer.status_code == 304

    assert answer["ETag"] == held  # the proxy's copy, kept one second more
    assert {"public", "s-maxage=1"} <= control(answer)

    # The WSGI server closes the response once it is sent: that is when the page is rendered
    # and stored, so the proxy's next revalidation gets it at once.
    answer.close()
    with django_assert_num_queries(0):
        fresh = client.get(PAGE, headers={"if-none-match": held})
    assert fresh.status_code == 200
    assert fresh["ETag"] != held
    assert {"s-maxage=5"} <= control(fresh)
    assert "IMT Atlantique Bretagne-Pays de la Loire" in fresh.content.decode()


def test_a_browser_or_an_untrusted_client_gets_the_page_as_it_is_now(
    client, demo, behind_proxy, django_capture_on_commit_callbacks
):
    held = client.get(PAGE)["ETag"]
    rename("IMT Atlantique Bretagne-Pays de la Loire", django_capture_on_commit_callbacks)
    response = revalidate(client, held, remote="203.0.113.9")
    assert response.status_code == 200
    assert "IMT Atlantique Bretagne-Pays de la Loire" in response.content.decode()


def test_without_a_proxy_the_page_is_rendered_in_the_request(
    client, demo, settings, django_capture_on_commit_callbacks
):
    settings.BEHIND_PROXY = False
    held = client.get(PAGE)["ETag"]
    rename("IMT Atlantique Bretagne-Pays de la Loire", django_capture_on_commit_callbacks)
    response = revalidate(client, held)
    assert response.status_code == 200
    assert "IMT Atlantique Bretagne-Pays de la Loire" in response.content.decode()


def test_a_copy_of_another_generation_or_page_is_not_kept(
    client, demo, behind_proxy, django_capture_on_commit_callbacks
):
    held = client.get(PAGE)["ETag"]
    other = client.get("/en/about/")["ETag"]
    rename("IMT Atlantique Bretagne-Pays de la Loire", django_capture_on_commit_callbacks)
    for tag in (other, '"0-0000"'):
        response = revalidate(client, tag)
        assert response.status_code == 200, tag
        assert "IMT Atlantique Bretagne-Pays de la Loire" in response.content.decode()
    assert held != other


def test_if_the_render_after_the_answer_failed_a_request_renders_it_after_the_grace(
    client, demo, behind_proxy, django_capture_on_commit_callbacks, monkeypatch
):
    behind_proxy.PAGE_REFRESH_GRACE = 0.2
    held = client.get(PAGE)["ETag"]
    rename("IMT Atlantique Bretagne-Pays de la Loire", django_capture_on_commit_callbacks)

    def broken(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("common.pagerefresh.render_page", broken)
    first = revalidate(client, held)  # its render, after the answer, fails (and is logged)
    assert isinstance(first, RenderAfter)
    second = revalidate(client, held)  # within the grace: still kept, and not rendered twice
    assert second.status_code == 304
    assert not isinstance(second, RenderAfter)
    monkeypatch.undo()
    time.sleep(0.25)
    late = revalidate(client, held)
    assert late.status_code == 200
    assert "IMT Atlantique Bretagne-Pays de la Loire" in late.content.decode()


def test_a_grace_of_zero_renders_in_the_proxys_request(
    client, demo, behind_proxy, django_capture_on_commit_callbacks
):
    behind_proxy.PAGE_REFRESH_GRACE = 0
    held = client.get(PAGE)["ETag"]
    rename("IMT Atlantique Bretagne-Pays de la Loire", django_capture_on_commit_callbacks)
    assert revalidate(client, held).status_code == 200


def test_render_page_stores_the_page_as_a_visitor_at_the_site_origin_would(
    client, demo, django_assert_num_queries
):
    assert render_page("/en/schools/", [("country", "FR")]) == 200
    assert render_page("/en/no-such-page/") == 404
    with django_assert_num_queries(0):  # stored by the render above
        response = client.get("/en/schools/", {"country": "FR"})
    assert response.status_code == 200
    stored = pagecache.page_key("/en/schools/", (("country", "FR"),))
    assert response["ETag"] == pagecache.page_etag(pagecache.generation(), stored)


def test_the_handler_is_shared_only_once_its_middleware_is_loaded(demo, monkeypatch):
    """gunicorn runs threads: one saw a handler another was still loading, and failed."""
    from django.core.handlers.base import BaseHandler

    from common import pagerefresh

    seen_while_loading = []
    load = BaseHandler.load_middleware

    def loading(self, *args, **kwargs):
        seen_while_loading.append(pagerefresh._handler)
        return load(self, *args, **kwargs)

    monkeypatch.setattr(pagerefresh, "_handler", None)
    monkeypatch.setattr(BaseHandler, "load_middleware", loading)
    assert render_page("/en/about/") == 200
    assert render_page("/fr/about/") == 200
    assert seen_while_loading == [None]  # loaded once, and not visible to others meanwhile
