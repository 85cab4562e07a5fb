"""Public press pages: the list, a release, its PDF. Not page-cached: an embargo ends by the
clock, and a cached page would keep a release hidden (or shown) past its time. The reverse proxy
may keep them a few seconds (`shared_cache`), never past the next embargo: a release appears at
its moment, never before (a 404 is not kept)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language

from common.origin import absolute_url
from common.pagecache import shared_cache

from .facts import release_facts
from .labels import labels
from .models import PressRelease
from .selectors import json_ld, language_urls, public_releases, release_page
from .share import release_card

PRINT_STYLESHEET = "press/print.css"
PDF_CACHE_SECONDS = 24 * 3600


def _public_release(slug: str) -> PressRelease:
    release = (
        PressRelease.objects.public()
        .in_language(get_language())
        .select_related("group", "edition__ranking")
        .filter(slug=slug)
        .first()
    )
    if release is None:
        raise Http404("No public press release at this address.")
    return release


@shared_cache
def release_list(request: HttpRequest) -> HttpResponse:
    language = get_language()
    releases = list(public_releases(language)[:50])
    return render(
        request,
        "press/list.html",
        {
            "releases": releases,
            "labels": labels(language),
            "group": releases[0].group if releases else None,
        },
    )


def render_release(
    request: HttpRequest, release: PressRelease, *, preview: bool = False, pdf_url: str = ""
) -> HttpResponse:
    """The release's page; the admin preview calls this too, so it shows exactly this (with
    its own PDF address: the public one answers only once the release is public)."""
    page = release_page(release, preview=preview)
    url = absolute_url(release.get_absolute_url())
    page.json_ld = json_ld(page, url=url)
    context = {
        "page": page,
        "release": release,
        "group": release.group,
        "language_urls": language_urls(page),
        "pdf_url": pdf_url,
        "card_url": absolute_url(reverse("press:card", kwargs={"slug": release.slug})),
    }
    return render(request, "press/detail.html", context)


@shared_cache
def release_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render_release(request, _public_release(slug))


def release_pdf_bytes(request: HttpRequest, release: PressRelease) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only this view needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    page = release_page(release)
    html = render_to_string("press/pdf.html", {"page": page, "release": release}, request)
    stylesheet = CSS(string=Path(finders.find(PRINT_STYLESHEET)).read_text(encoding="utf-8"))
    # The page needs no outside resource: fetching none keeps editors' links from making the
    # server request addresses while it renders.
    fetch_nothing = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=absolute_url("/"), url_fetcher=fetch_nothing).write_pdf(
        stylesheets=[stylesheet]
    )


def pdf_cache_key(release: PressRelease) -> str:
    # The PDF changes with the release's text (updated_at) only: a public release's contacts
    # are frozen in it when it is published.
    return f"press:pdf:{release.pk}:{release.updated_at.timestamp()}"


@shared_cache
def release_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    release = _public_release(slug)
    key = pdf_cache_key(release)
    pdf = cache.get(key)
    if pdf is None:  # WeasyPrint takes about half a second: journalists share one rendering
        pdf = release_pdf_bytes(request, release)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{release.slug}-{release.language}.pdf"'
    return response


CARD_CACHE_SECONDS = 24 * 3600


def release_card_bytes(release: PressRelease) -> bytes:
    """The release's share card from today's facts, one rendering per version of them."""
    facts = release_facts(release.group, release.edition)
    # Keyed on the facts themselves: new data make a new card, and every server agrees.
    digest = hashlib.sha256(repr(facts).encode()).hexdigest()[:32]
    key = f"press:card:{release.pk}:{release.language}:{digest}"
    card = cache.get(key)
    if card is None:  # Pillow takes ~50 ms; the social networks' crawlers come in bursts
        card = release_card(facts, release.language)
        cache.set(key, card, CARD_CACHE_SECONDS)
    return card


@shared_cache
def release_card_png(request: HttpRequest, slug: str) -> HttpResponse:
    """The card (og:image) of a public release; staff also get a draft's, for the admin."""
    if request.user.is_staff:
        release = (
            PressRelease.objects.in_language(get_language())
            .select_related("group", "edition__ranking")
            .filter(slug=slug)
            .first()
        )
        if release is None:
            raise Http404("No press release at this address.")
        response = HttpResponse(release_card_bytes(release), content_type="image/png")
        add_never_cache_headers(response)  # a draft's card is for no proxy to keep
        return response
    release = _public_release(slug)
    return HttpResponse(release_card_bytes(release), content_type="image/png")
