"""Absolute URLs of the public site, built from the configured origin (settings.SITE_ORIGIN).

Never from the request: its Host header is the client's to choose (and Django ignores its port
when checking ALLOWED_HOSTS), so a URL built from it and stored in a shared cache would be
served to everyone.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap


def absolute_url(path: str) -> str:
    """`/en/schools/` as https://impact.example.org/en/schools/; a full URL is returned as is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_ORIGIN + "/" + path.removeprefix("/")


class OriginSitemap(Sitemap):
    """A sitemap whose addresses start with SITE_ORIGIN, whatever the request's Host."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return settings.SITE_ORIGIN.partition("://")[0]

    def get_domain(self, site=None) -> str:
        return settings.SITE_ORIGIN.partition("://")[2]
