"""The share pack beside a release in the admin: the X and LinkedIn posts in both languages,
with their character counts, and the card, to copy and download.

A mixin of the release admin (its own URLs and views), kept apart from `releases.py`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext

from common.origin import absolute_url

from ..facts import release_facts
from ..models import PressRelease
from ..share import X_LIMIT, release_card, share_pack

LANGUAGES = ("en", "fr")


class ShareAdminMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/share/", wrap(self.share_view), name="press_pressrelease_share"),
            path(
                "<int:pk>/share/card-<str:language>.png",
                wrap(self.share_card_view),
                name="press_pressrelease_share_card",
            ),
            *super().get_urls(),
        ]

    def _shared_release(self, request: HttpRequest, pk: int) -> PressRelease:
        release = get_object_or_404(
            PressRelease.objects.select_related("group", "edition__ranking"), pk=pk
        )
        if not self.has_view_permission(request, release):
            raise PermissionDenied
        return release

    def share_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        release = self._shared_release(request, pk)
        facts = release_facts(release.group, release.edition)
        # Each language's post links to that language's version when there is one.
        urls = {release.language: absolute_url(release.get_absolute_url())}
        for other in release.other_versions():
            urls.setdefault(other.language, absolute_url(other.get_absolute_url()))
        packs = [
            share_pack(facts, language, urls.get(language, urls[release.language]))
            for language in LANGUAGES
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Share “%(title)s”") % {"title": release.title},
            "release": release,
            "opts": self.model._meta,
            "original": release,
            "packs": packs,
            "x_limit": X_LIMIT,
        }
        return render(request, "admin/press/pressrelease/share.html", context)

    def share_card_view(self, request: HttpRequest, pk: int, language: str) -> HttpResponse:
        release = self._shared_release(request, pk)
        if language not in LANGUAGES:
            language = release.language
        card = release_card(release_facts(release.group, release.edition), language)
        response = HttpResponse(card, content_type="image/png")
        if "download" in request.GET:
            name = f"{release.slug}-{language}-card.png"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
