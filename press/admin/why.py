"""Why this sentence: beside a release in the admin, each generated sentence with the facts it
rests on, and, once the data changed after publication, the sentences those changes affect.

A mixin of the release admin (its own URL and view), kept apart from `releases.py`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext

from ..facts import release_facts
from ..generator.why import affected, explain
from ..models import PressRelease
from ..snapshot import changed_facts, fact_lines


class WhyAdminMixin:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/why/", wrap(self.why_view), name="press_pressrelease_why"),
            *super().get_urls(),
        ]

    def why_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        release = get_object_or_404(
            PressRelease.objects.select_related("group", "edition__ranking"), pk=pk
        )
        if not self.has_view_permission(request, release):
            raise PermissionDenied
        facts = release_facts(release.group, release.edition)
        lines = fact_lines(facts)
        changes = changed_facts(release.facts_snapshot, lines) if release.facts_snapshot else []
        changed = {change.fact for change in changes}
        before = {change.fact: change.before for change in changes}
        sentences = [
            {
                "section": sentence.section,
                "text": sentence.text,
                "changed": bool(changed & set(sentence.facts)),
                "facts": [
                    {
                        "key": key,
                        "value": lines.get(key, "—"),
                        "before": before.get(key),
                        "changed": key in changed,
                    }
                    for key in sentence.facts
                ],
            }
            for sentence in explain(facts, release.language)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Why these sentences: “%(title)s”") % {"title": release.title},
            "release": release,
            "opts": self.model._meta,
            "original": release,
            "sentences": sentences,
            "changes": changes,
            "affected": affected(explain(facts, release.language), changed),
        }
        return render(request, "admin/press/pressrelease/why.html", context)
