from django.urls import path

from common.pagecache import shared_cache

from . import views
from .feeds import PressReleaseFeed

app_name = "press"

urlpatterns = [
    path("", views.release_list, name="list"),
    path("feed/", shared_cache(PressReleaseFeed()), name="feed"),
    path("<slug:slug>/", views.release_detail, name="detail"),
    path("<slug:slug>/pdf/", views.release_pdf, name="pdf"),
    path("<slug:slug>/card.png", views.release_card_png, name="card"),
]
