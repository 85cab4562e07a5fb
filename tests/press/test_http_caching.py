"""The press pages may be kept briefly by the reverse proxy: an embargo or a withdrawal shows
within PAGE_PROXY_SECONDS + PAGE_STALE_SECONDS, never early (a 404 is not kept)."""

import pytest

from press import services
from rankings.models import Edition
from schools.models import Group

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(demo):
    draft = services.generate_draft(
        group=Group.objects.get(slug="imt"),
        edition=Edition.objects.get(year=2021),
        language="en",
        user=None,
    )
    return services.publish(release=draft, user=None)


@pytest.mark.parametrize("page", ["list", "detail", "feed"])
def test_public_press_pages_may_be_kept_by_the_proxy_and_revalidated(client, release, page):
    url = {
        "list": "/en/press/",
        "detail": release.get_absolute_url(),
        "feed": "/en/press/feed/",
    }[page]
    response = client.get(url)
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=5", "stale-while-revalidate=5"} <= control
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_a_hidden_release_is_not_kept(client, demo):
    response = client.get("/en/press/not-public-yet/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")
