"""The page cache: pages come from it without a query, and an editor's change empties it."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from common import pagecache
from rankings.models import Result
from schools.models import School
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_second_visit_is_served_from_the_cache_without_queries(
    client, demo, django_assert_num_queries
):
    first = client.get("/en/schools/imt-atlantique/")
    with django_assert_num_queries(0):
        second = client.get("/en/schools/imt-atlantique/")
    assert second.content == first.content


def test_renaming_a_school_shows_at_once(client, demo, django_capture_on_commit_callbacks):
    client.get("/en/schools/imt-atlantique/")
    school = School.objects.get(slug="imt-atlantique")
    school.name = "IMT Atlantique Bretagne-Pays de la Loire"
    with django_capture_on_commit_callbacks(execute=True):
        school.save()
    page = client.get("/en/schools/imt-atlantique/").content.decode()
    assert "<h1>IMT Atlantique Bretagne-Pays de la Loire</h1>" in page


def test_a_change_to_a_result_empties_every_cached_page(client, demo):
    client.get("/en/rankings/2021/")
    client.get("/en/")
    result = Result.objects.get(school__slug="imt-atlantique", edition__year=2021)
    result.rank = "57"
    result.save()
    assert ">57</td>" in client.get("/en/rankings/2021/").content.decode()
    assert '<span class="rank-figure">57</span>' in client.get("/en/").content.decode()


def test_deleting_a_result_empties_the_cache(client, demo):
    assert "Mines Saint-Étienne" in client.get("/en/rankings/2021/").content.decode()
    Result.objects.get(school__slug="mines-saint-etienne", edition__year=2021).delete()
    assert "Mines Saint-Étienne" not in client.get("/en/rankings/2021/").content.decode()


def test_languages_and_filters_are_cached_separately(client, demo):
    english = client.get("/en/rankings/2021/").content.decode()
    french = client.get("/fr/rankings/2021/").content.decode()
    filtered = client.get("/en/rankings/2021/", {"q": "alès"}).content.decode()
    assert '<html lang="en">' in english
    assert '<html lang="fr">' in french
    assert "IMT Atlantique" in english
    assert "IMT Atlantique" not in filtered


def test_a_missing_page_is_not_cached(client, demo):
    client.get("/en/schools/not-yet/")
    # bulk_create sends no signal: only the absence of a cached 404 lets the page appear.
    School.objects.bulk_create(
        [School(name="Not Yet", slug="not-yet", name_key="not yet", country="FR")]
    )
    assert client.get("/en/schools/not-yet/").status_code == 200


def test_changes_outside_the_content_apps_keep_the_cache(client, demo, django_user_model):
    client.get("/en/")
    before = pagecache.generation()
    django_user_model.objects.create_user("editor")
    assert pagecache.generation() == before


def test_generation_survives_an_evicted_counter_without_reusing_old_numbers(db):
    first = pagecache.generation()
    pagecache.bump_generation()
    cache.delete(pagecache.GENERATION_KEY)
    assert pagecache.generation() > first + 1


def test_a_page_rendered_while_an_editor_saves_is_rendered_again(rf, db):
    renders = []

    @pagecache.cached_page
    def view(request):
        renders.append(request.path)
        if len(renders) == 1:
            pagecache.bump_generation()  # an editor saves while the first render runs
        return HttpResponse("page")

    middleware = pagecache.PageCacheMiddleware(view)
    for _ in range(3):
        assert middleware(rf.get("/en/a-page/")).content == b"page"
    assert len(renders) == 2


def test_pages_not_marked_for_the_cache_are_never_stored(rf, db):
    renders = []

    def view(request):
        renders.append(request.path)
        return HttpResponse("page")

    middleware = pagecache.PageCacheMiddleware(view)
    middleware(rf.get("/en/press/"))
    middleware(rf.get("/en/press/"))
    assert len(renders) == 2


def test_cached_page_keeps_the_headers_of_the_inner_middleware(client, demo):
    first = client.get("/fr/schools/imt-atlantique/")
    second = client.get("/fr/schools/imt-atlantique/")
    assert second["Content-Language"] == first["Content-Language"] == "fr"
    assert second["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second


def test_a_page_rendered_before_the_editor_s_save_commits_is_rendered_again_after(
    rf, db, django_capture_on_commit_callbacks
):
    # Another app server renders the page between an editor's save and its commit: it reads
    # the generation the save has already bumped, but the old rows, still the committed ones.
    committed = {"name": "IMT Atlantique"}

    @pagecache.cached_page
    def other_server(request):
        return HttpResponse(committed["name"])

    middleware = pagecache.PageCacheMiddleware(other_server)
    school = SchoolFactory(name="IMT Atlantique")

    with django_capture_on_commit_callbacks(execute=True):
        school.name = "IMT Atlantique Bretagne-Pays de la Loire"
        school.save()
        assert middleware(rf.get("/en/schools/x/")).content == b"IMT Atlantique"
        # Not committed yet: the stale page is what every visitor still sees.
        assert middleware(rf.get("/en/schools/x/")).content == b"IMT Atlantique"
    committed["name"] = school.name

    assert middleware(rf.get("/en/schools/x/")).content == school.name.encode()
