from django.urls import path

from . import views

app_name = "rankings"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.edition, name="edition"),
    path("<int:year>/sdg/<int:number>/", views.sdg, name="sdg"),
    # Every ranking, THE Impact included, by its slug (which is never a year: a CHECK says so).
    path("<slug:slug>/", views.ranking, name="ranking"),
    path("<slug:slug>/<int:year>/", views.ranking_edition, name="ranking_edition"),
    path("<slug:slug>/<int:year>/<slug:subject>/", views.subject, name="subject"),
]

# The schools list and a school's page, made of results: named in the "schools" namespace
# beside the contact and about pages (impactsite/urls.py puts them together).
school_urlpatterns = [
    path("schools/", views.school_list, name="list"),
    path("schools/<slug:slug>/", views.school_detail, name="detail"),
    path("schools/<slug:slug>/card.png", views.school_card, name="card"),
]
