"""Root URLs: the admin and machine-readable files at the root, public pages under /en/ and /fr/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from impactsite.health import healthz
from impactsite.sitemaps import sitemaps
from impactsite.views import robots_txt
from rankings import urls as rankings_urls
from rankings.views import home
from schools import urls as schools_urls

admin.site.site_header = _("impactsite — editors")
admin.site.site_title = _("impactsite admin")
admin.site.index_title = _("Schools, rankings and press")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
]

# Public pages, each under a language prefix (/en/..., /fr/...).
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    # The "schools" namespace: the schools list and school pages (made of results) and the
    # group's contact and about pages.
    path("", include((rankings_urls.school_urlpatterns + schools_urls.urlpatterns, "schools"))),
    path("rankings/", include("rankings.urls")),
    path("press/", include("press.urls")),
)
