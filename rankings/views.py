"""Public pages made of results: the home page's highlights, the ranking tables, the schools
list and each school's page."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from common.cards import render_card
from common.origin import absolute_url
from common.pagecache import cached_page
from schools import seo
from schools.filters import SchoolFilterForm

from .filters import TableFilterForm
from .models import IMPACT_RANKING
from .selectors import schools as school_selectors
from .selectors import tables as selectors

# The query parameters each cached page reads: its filter form's fields and the page number.
TABLE_PARAMS = (*TableFilterForm.base_fields, "page")
SCHOOL_LIST_PARAMS = (*SchoolFilterForm.base_fields, "page")


def public_page(
    view: Callable[..., HttpResponse] | None = None, *, params: Iterable[str] = ()
) -> Callable[..., HttpResponse]:
    """A cached public page (`params` as for cached_page); for staff, a preview that shows
    editions still under embargo.

    The view gets `preview`. A preview is marked on the page (base.html, through the
    `edition_preview` context processor) and never stored, by the page cache or anyone else.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            preview = request.edition_preview = request.user.is_staff
            response = view(request, *args, preview=preview, **kwargs)
            if preview:
                add_never_cache_headers(response)
            return response

        return cached_page(wrapper, params=params)

    return decorate(view) if view is not None else decorate


@public_page
def home(request: HttpRequest, *, preview: bool) -> HttpResponse:
    page = selectors.home_page(preview=preview)
    jsonld = seo.organization(page.group) if page.group else None
    return render(
        request, "rankings/home.html", {"page": page, "group": page.group, "jsonld": jsonld}
    )


@public_page
def index(request: HttpRequest, *, preview: bool) -> HttpResponse:
    page = selectors.rankings_index(preview=preview)
    return render(request, "rankings/index.html", {"page": page, "group": page.group})


@public_page(params=TABLE_PARAMS)
def edition(request: HttpRequest, year: int, *, preview: bool) -> HttpResponse:
    form = TableFilterForm(request.GET)
    table = selectors.edition_table(
        year, form.filters(), page=request.GET.get("page"), preview=preview
    )
    start = table.page.start_index()
    jsonld = seo.item_list(
        str(table.edition),
        ((start + i, row.school) for i, row in enumerate(table.page)),
    )
    return render(
        request,
        "rankings/edition.html",
        {"table": table, "form": form, "group": table.group, "jsonld": jsonld},
    )


@public_page(params=TABLE_PARAMS)
def sdg(request: HttpRequest, year: int, number: int, *, preview: bool) -> HttpResponse:
    form = TableFilterForm(request.GET)
    table = selectors.sdg_table(
        year, number, form.filters(), page=request.GET.get("page"), preview=preview
    )
    start = table.page.start_index()
    jsonld = seo.item_list(
        _("%(edition)s — SDG %(number)s: %(name)s")
        % {"edition": table.edition, "number": table.sdg.number, "name": table.sdg.name},
        ((start + i, row.result.school) for i, row in enumerate(table.page)),
    )
    return render(
        request,
        "rankings/sdg.html",
        {"table": table, "form": form, "group": table.group, "jsonld": jsonld},
    )


@public_page
def ranking(request: HttpRequest, slug: str, *, preview: bool) -> HttpResponse:
    page = selectors.rankings_index(preview=preview, slug=slug)
    return render(
        request,
        "rankings/ranking.html",
        {"page": page, "section": page.rankings[0], "group": page.group},
    )


@public_page(params=TABLE_PARAMS)
def ranking_edition(request: HttpRequest, slug: str, year: int, *, preview: bool) -> HttpResponse:
    if slug == IMPACT_RANKING:  # THE Impact's tables have their own, older addresses
        return redirect("rankings:edition", year=year, permanent=True)
    form = TableFilterForm(request.GET)
    table = selectors.ranking_edition_table(
        slug, year, form.filters(), page=request.GET.get("page"), preview=preview
    )
    start = table.page.start_index()
    jsonld = seo.item_list(
        str(table.edition),
        ((start + i, row.school) for i, row in enumerate(table.page)),
    )
    return render(
        request,
        "rankings/ranking_edition.html",
        {"table": table, "form": form, "group": table.group, "jsonld": jsonld},
    )


@public_page(params=TABLE_PARAMS)
def subject(
    request: HttpRequest, slug: str, year: int, subject: str, *, preview: bool
) -> HttpResponse:
    form = TableFilterForm(request.GET)
    table = selectors.subject_table(
        slug, year, subject, form.filters(), page=request.GET.get("page"), preview=preview
    )
    start = table.page.start_index()
    jsonld = seo.item_list(
        _("%(edition)s — %(subject)s") % {"edition": table.edition, "subject": table.subject},
        ((start + i, row.result.school) for i, row in enumerate(table.page)),
    )
    return render(
        request,
        "rankings/subject.html",
        {"table": table, "form": form, "group": table.group, "jsonld": jsonld},
    )


@public_page(params=SCHOOL_LIST_PARAMS)
def school_list(request: HttpRequest, *, preview: bool) -> HttpResponse:
    form = SchoolFilterForm(request.GET)
    listing = school_selectors.school_list(
        form.filters(), page=request.GET.get("page"), preview=preview
    )
    return render(
        request,
        "schools/list.html",
        {"form": form, "listing": listing, "group": listing.group},
    )


@public_page
def school_detail(request: HttpRequest, slug: str, *, preview: bool) -> HttpResponse:
    page = school_selectors.school_page(slug, preview=preview)
    return render(
        request,
        "schools/detail.html",
        {
            "page": page,
            "school": page.school,
            "group": page.group,
            "jsonld": seo.college(page.school),
            "card_url": absolute_url(reverse("schools:card", kwargs={"slug": slug})),
        },
    )


CARD_CACHE_SECONDS = 24 * 3600


def school_headline(page: school_selectors.SchoolPage) -> str:
    """The school's latest overall result, as its card says it: "101–200 in the THE Impact
    Rankings 2021 · 1st of 18 in France"."""
    latest = page.latest
    if latest is None or latest.result.rank is None:
        return _("In the THE Impact Rankings")
    edition = latest.edition
    text = _("%(rank)s in the %(ranking)s %(year)s") % {
        "rank": latest.result.rank,
        "ranking": edition.ranking.name,
        "year": edition.year,
    }
    if national := latest.result.national_rank:
        text += " · " + _("no. %(position)s in %(country)s") % {
            "position": national,
            "country": page.school.country.name,
        }
    return text


@public_page
def school_card(request: HttpRequest, slug: str, *, preview: bool) -> HttpResponse:
    """The school page's share card (og:image): its name and latest result."""
    page = school_selectors.school_page(slug, preview=preview)
    headline = school_headline(page)
    title = page.group.name if page.group else str(page.school.country.name)
    digest = hashlib.sha256(repr((page.school.name, title, headline)).encode()).hexdigest()
    key = f"schools:card:{digest[:32]}"
    card = cache.get(key)
    if card is None:
        card = render_card(title=title, headline=f"{page.school.name}: {headline}")
        cache.set(key, card, CARD_CACHE_SECONDS)
    return HttpResponse(card, content_type="image/png")
