from django.urls import path

from . import views

app_name = "rankings"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.edition, name="edition"),
    path("<int:year>/sdg/<int:number>/", views.sdg, name="sdg"),
]

# The schools list and a school's page, made of results: named in the "schools" namespace
# beside the contact and about pages (impactsite/urls.py puts them together).
school_urlpatterns = [
    path("schools/", views.school_list, name="list"),
    path("schools/<slug:slug>/", views.school_detail, name="detail"),
    path("schools/<slug:slug>/card.png", views.school_card, name="card"),
]
