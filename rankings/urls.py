from django.urls import path

from . import views

app_name = "rankings"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.edition, name="edition"),
    path("<int:year>/sdg/<int:number>/", views.sdg, name="sdg"),
]
