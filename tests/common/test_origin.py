"""Absolute URLs come from SITE_ORIGIN: a request's Host header never reaches a page, the
sitemap, robots.txt or the feed (a cached page built from it was served to everyone)."""

import re

import pytest

from common.origin import absolute_url

pytestmark = pytest.mark.django_db

ORIGIN = "https://impact.example.org"
POISONED = "127.0.0.1:6666"  # an allowed host; Django ignores the port when it checks


@pytest.fixture(autouse=True)
def _origin(settings):
    settings.SITE_ORIGIN = ORIGIN


def absolute_urls(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def test_absolute_url_joins_the_origin_and_a_path():
    assert absolute_url("/en/schools/") == f"{ORIGIN}/en/schools/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"


@pytest.mark.parametrize(
    "path",
    ["/en/", "/fr/schools/imt-atlantique/", "/en/rankings/2021/?page=1", "/en/about/"],
)
def test_a_hostile_host_reaches_neither_its_page_nor_the_next_visitors(client, demo, path):
    poisoned = client.get(path, headers={"host": POISONED}).content.decode()
    assert POISONED not in poisoned
    served_to_others = client.get(path).content.decode()
    assert POISONED not in served_to_others
    assert "testserver" not in served_to_others
    assert f'<link rel="canonical" href="{ORIGIN}/' in served_to_others
    assert f'<meta property="og:url" content="{ORIGIN}/' in served_to_others
    assert f'hreflang="fr" href="{ORIGIN}/fr/' in served_to_others


def test_json_ld_urls_use_the_origin(client, demo):
    page = client.get("/en/schools/imt-atlantique/", headers={"host": POISONED})
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S)
    assert f'"url": "{ORIGIN}/en/schools/imt-atlantique/"' in jsonld[1]


def test_sitemap_and_robots_use_the_origin(client, demo):
    sitemap = client.get("/sitemap.xml", headers={"host": POISONED}).content.decode()
    robots = client.get("/robots.txt", headers={"host": POISONED}).content.decode()
    assert f"<loc>{ORIGIN}/en/schools/imt-atlantique/</loc>" in sitemap
    assert f'href="{ORIGIN}/fr/schools/imt-atlantique/"' in sitemap
    assert {url.split("/")[2] for url in absolute_urls(sitemap)} <= {
        "impact.example.org",
        "www.sitemaps.org",
        "www.w3.org",
    }
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in robots


def test_press_feed_and_release_use_the_origin(client, demo):
    from press import services
    from rankings.models import Edition
    from schools.models import Group

    release = services.publish(
        release=services.generate_draft(
            group=Group.objects.get(slug="imt"),
            edition=Edition.objects.get(year=2021),
            language="en",
            user=None,
        ),
        user=None,
    )
    page = client.get(release.get_absolute_url(), headers={"host": POISONED}).content.decode()
    feed = client.get("/en/press/feed/", headers={"host": POISONED}).content.decode()
    assert POISONED not in page
    assert f'"url": "{ORIGIN}{release.get_absolute_url()}"' in page
    assert POISONED not in feed
    assert f'href="{ORIGIN}{release.get_absolute_url()}"' in feed
