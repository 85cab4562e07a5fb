"""The page cache under attack: a disallowed host, junk query strings, one client filling it."""

import pytest
from django.core.cache import cache

from common.pagecache import GENERATION_KEY, bump_generation, page_key

pytestmark = pytest.mark.django_db


def stored_pages() -> int:
    """Pages in the test cache (locmem), leaving out the generation, the next embargo's end
    and the budgets."""
    bookkeeping = (":pages:generation", ":pages:until", ":pages:budget")
    return sum(
        1 for key in cache._cache if ":pages:" in key and not any(b in key for b in bookkeeping)
    )


def test_a_cached_page_is_refused_to_a_disallowed_host(client, demo):
    assert client.get("/en/").status_code == 200
    assert stored_pages() == 1
    assert client.get("/en/", headers={"host": "attacker.example"}).status_code == 400


def test_a_disallowed_host_stores_nothing(client, demo):
    assert client.get("/en/about/", headers={"host": "attacker.example"}).status_code == 400
    assert stored_pages() == 0


def test_junk_query_strings_are_served_but_not_stored(client, demo):
    client.get("/en/rankings/2021/")
    assert stored_pages() == 1
    for n in range(60):
        response = client.get("/en/rankings/2021/", {"junk": n})
        assert response.status_code == 200
        assert f"junk={n}" not in response.content.decode()  # links carry only known params
    assert stored_pages() == 1


def test_equivalent_query_strings_share_one_page(client, demo, django_assert_num_queries):
    first = client.get("/en/rankings/2021/?sort=name&q=al%C3%A8s")
    with django_assert_num_queries(0):
        again = client.get("/en/rankings/2021/?q=%20al%C3%A8s%20&country=&sdg=&sort=name")
        client.get("/en/rankings/2021/?sort=name&q=al%C3%A8s&page=1")
    assert again.content == first.content
    assert stored_pages() == 1


def test_a_known_parameter_given_twice_is_not_stored(client, demo):
    client.get("/en/schools/?country=FR&country=DE")
    assert stored_pages() == 0


def test_one_client_adds_a_bounded_number_of_pages(client, demo, settings):
    settings.PAGE_CACHE_NEW_PER_CLIENT = 3
    for n in range(6):
        assert client.get("/en/rankings/2021/", {"q": f"x{n}"}).status_code == 200
    assert stored_pages() == 3
    # Another client still adds pages, and stored pages keep being served and refreshed.
    client.get("/en/rankings/2021/", {"q": "other"}, REMOTE_ADDR="192.0.2.7")
    assert stored_pages() == 4


def test_refreshing_a_stale_page_does_not_count_against_the_budget(client, demo, settings):
    settings.PAGE_CACHE_NEW_PER_CLIENT = 2
    client.get("/en/")
    client.get("/en/about/")
    bump_generation()
    client.get("/en/")
    client.get("/en/about/")
    assert stored_pages() == 2
    current = cache.get(GENERATION_KEY)
    assert cache.get(page_key("/en/"))[0] == current
    assert cache.get(page_key("/en/about/"))[0] == current
