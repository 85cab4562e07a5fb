"""Public pages about the group: its schools, each school's results, press contacts, about."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from impactsite import seo
from impactsite.pagecache import cached_page

from . import selectors
from .filters import SchoolFilterForm
from .vcards import vcard


@cached_page
def school_list(request: HttpRequest) -> HttpResponse:
    form = SchoolFilterForm(request.GET)
    listing = selectors.school_list(form.filters(), page=request.GET.get("page"))
    return render(
        request,
        "schools/list.html",
        {"form": form, "listing": listing, "group": listing.group},
    )


@cached_page
def school_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.school_page(slug)
    return render(
        request,
        "schools/detail.html",
        {
            "page": page,
            "school": page.school,
            "group": page.group,
            "jsonld": seo.college(page.school, request),
        },
    )


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
    jsonld = seo.organization(page.group, request, page.schools) if page.group else None
    return render(
        request, "schools/about.html", {"page": page, "group": page.group, "jsonld": jsonld}
    )
