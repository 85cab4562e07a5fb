from django.urls import path

from . import views

app_name = "schools"

# Included at the root of each language prefix: /en/schools/..., /en/contact/, /en/about/.
urlpatterns = [
    path("schools/", views.school_list, name="list"),
    path("schools/<slug:slug>/", views.school_detail, name="detail"),
    path("contact/", views.contact, name="contact"),
    path("contact/<int:pk>.vcf", views.contact_vcard, name="vcard"),
    path("about/", views.about, name="about"),
]
