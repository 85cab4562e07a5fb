"""The Atom feed of public press releases, one per language."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language

from common.origin import absolute_url

from .labels import labels
from .models import PressRelease
from .selectors import parse_body, public_releases


class PressReleaseFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> str:
        return get_language()

    def title(self, language: str) -> str:
        release = public_releases(language).first()
        group = release.group.name if release else "impactsite"
        return labels(language)["feed_title"].format(group=group)

    def subtitle(self, language: str) -> str:
        return labels(language)["press_releases_intro"]

    # Full URLs from the site's origin: Django would otherwise prefix the request's Host.
    def link(self, language: str) -> str:
        return absolute_url(reverse("press:list"))

    def feed_url(self, language: str) -> str:
        return absolute_url(reverse("press:feed"))

    def item_link(self, item: PressRelease) -> str:
        return absolute_url(item.get_absolute_url())

    def items(self, language: str):
        return public_releases(language)[:20]

    def item_title(self, item: PressRelease) -> str:
        return item.title

    def item_description(self, item: PressRelease) -> str:
        intro, _ = parse_body(item.body)
        return intro[0].text if intro else ""

    def item_pubdate(self, item: PressRelease):
        return item.public_since

    def item_updateddate(self, item: PressRelease):
        return max(item.updated_at, item.public_since)

    def item_author_name(self, item: PressRelease) -> str:
        return item.group.name
