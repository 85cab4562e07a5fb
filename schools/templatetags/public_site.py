"""Formatting for the public pages: language links, numbers, structured data, SDG colours."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext_lazy

from common.colours import text_colour_on
from common.numbers import grouped, score_text
from common.origin import absolute_url

register = template.Library()

KIND_LABELS = {
    "member": pgettext_lazy("school kind", "Member school"),
    "subsidiary": pgettext_lazy("school kind", "Subsidiary school"),
    "partner": pgettext_lazy("school kind", "Partner"),
    "other": pgettext_lazy("school kind", "Other institution"),
}


def _path_and_query(request: HttpRequest) -> str:
    # request.GET, not the raw query string: a cached page's view sees only the parameters it
    # declares, normalised, and its links must not carry what a client added.
    query = request.GET.urlencode()
    return f"{request.path}?{query}" if query else request.path


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every language, for the switcher and the hreflang alternates."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    current = get_language()
    # A page whose address differs by language (a press release has a release per language)
    # gives its own addresses; any other page is the same address under the other prefix.
    own: dict[str, str] = context.get("language_urls") or {}
    links = []
    for code, name in settings.LANGUAGES:
        path = own.get(code) or translate_url(_path_and_query(request), code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": path,
                "absolute": absolute_url(path),
                "current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's address without filters or sorting; keeps only the page number."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    url = absolute_url(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


@register.filter
def jsonld(data: dict) -> SafeString:
    """A JSON-LD script element; escapes <, > and & as json_script does."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe: the characters that could close the script element are escaped as json_script does.
    return mark_safe(
        f'<script type="application/ld+json">{text.translate(_json_script_escapes)}</script>'
    )


register.filter("grouped", grouped)


@register.filter
def score(entry) -> str:
    """A score or a score range in the active language's decimals: 88.4 or 88,4; 72.3–77.5."""
    return score_text(entry.score_low, entry.score_high)


@register.filter
def text_on(colour: str) -> str:
    return text_colour_on(colour)


@register.simple_tag
def sdg_badge(sdg, url: str = "", short: bool = False) -> SafeString:
    """An SDG in its UN colour, its number on the colour and its name beside it in plain text.

    `short` keeps the name for screen readers only. A tag rather than an include: school pages
    show dozens of badges, and an include per badge was most of their rendering time.
    """
    css = "sdg-badge sdg-badge--short" if short else "sdg-badge"
    style = f"--sdg: {sdg.colour}; --sdg-text: {text_colour_on(sdg.colour)}"
    inner = format_html(
        '<span class="sdg-badge__number"><span class="visually-hidden">{} </span>{}</span>'
        '<span class="sdg-badge__name{}">{}</span>',
        gettext("SDG"),
        sdg.number,
        " visually-hidden" if short else "",
        sdg.name,
    )
    if url:
        return format_html('<a class="{}" href="{}" style="{}">{}</a>', css, url, style, inner)
    return format_html('<span class="{}" style="{}">{}</span>', css, style, inner)


@register.filter
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
