"""<time datetime> on the press pages: a valid HTML date and time, in whole seconds."""

import datetime
import re

import pytest
from django.utils import timezone

from press import services
from rankings.models import Edition
from schools.models import Group

pytestmark = pytest.mark.django_db

# HTML's "valid global date and time string", as Django writes it: no fraction of a second.
VALID = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:?\d\d")


@pytest.fixture
def release(demo):
    draft = services.generate_draft(
        group=Group.objects.get(slug="imt"),
        edition=Edition.objects.get(year=2021),
        language="en",
        user=None,
    )
    # Published at a time with microseconds, as timezone.now() always gives.
    now = timezone.now().replace(microsecond=123456) - datetime.timedelta(minutes=1)
    return services.publish(release=draft, user=None, now=now)


@pytest.mark.parametrize("page", ["list", "detail"])
def test_time_elements_give_whole_seconds(client, release, page):
    url = release.get_absolute_url() if page == "detail" else "/en/press/"
    found = re.findall(r'<time datetime="([^"]*)"', client.get(url).content.decode())
    assert found
    for value in found:
        assert VALID.fullmatch(value), value
