"""Root URLs: the admin and machine-readable files at the root, public pages under /en/ and /fr/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

admin.site.site_header = "impactsite — editors"
admin.site.site_title = "impactsite admin"
admin.site.index_title = "Schools, rankings and press"

urlpatterns = [
    path("admin/", admin.site.urls),
]

# Public pages, each under a language prefix (/en/..., /fr/...).
urlpatterns += i18n_patterns()
