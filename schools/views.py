"""Public pages about the group: press contacts (with vCards) and the about page.

The schools list and each school's page are made of results: they are in rankings/views.py.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from common.pagecache import cached_page
from schools import seo

from . import selectors
from .vcards import vcard


@cached_page
def contact(request: HttpRequest) -> HttpResponse:
    page = selectors.contact_page()
    return render(request, "schools/contact.html", {"page": page, "group": page.group})


def contact_vcard(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.press_contact(pk)
    response = HttpResponse(vcard(contact), content_type="text/vcard; charset=utf-8")
    filename = f"{slugify(contact.name) or 'contact'}.vcf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cached_page
def about(request: HttpRequest) -> HttpResponse:
    page = selectors.about_page()
    jsonld = seo.organization(page.group, page.schools) if page.group else None
    return render(
        request, "schools/about.html", {"page": page, "group": page.group, "jsonld": jsonld}
    )
