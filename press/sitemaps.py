"""Public press releases in sitemap.xml, each at its own language's address."""

from common.origin import OriginSitemap

from .models import PressRelease


class PressReleaseSitemap(OriginSitemap):
    priority = 0.7

    def items(self):
        return PressRelease.objects.public().order_by("language", "slug")

    def lastmod(self, release: PressRelease):
        return release.updated_at

    def location(self, release: PressRelease) -> str:
        return release.get_absolute_url()
