from django.contrib import admin
from django.urls import path

admin.site.site_header = "impactsite — editors"
admin.site.site_title = "impactsite admin"
admin.site.index_title = "Schools, rankings and press"

urlpatterns = [
    path("admin/", admin.site.urls),
]
