from django.urls import path

from . import views

# Included at the root of each language prefix (/en/contact/, /en/about/) under the "schools"
# namespace, with the schools list and school pages of rankings/urls.py (impactsite/urls.py).
urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/<int:pk>.vcf", views.contact_vcard, name="vcard"),
    path("about/", views.about, name="about"),
]
