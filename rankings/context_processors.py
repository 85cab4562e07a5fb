"""What every public page template may need from the rankings app."""

from __future__ import annotations

from django.http import HttpRequest

from .models import Edition


def edition_preview(request: HttpRequest) -> dict:
    """In a staff preview (rankings.views.public_page), the editions not public yet, for the
    banner that says the page is a preview. Nothing, and no query, for anyone else."""
    if not getattr(request, "edition_preview", False):
        return {}
    return {
        "embargoed_editions": list(
            Edition.objects.exclude(pk__in=Edition.objects.public())
            .select_related("ranking")
            .order_by("published_at", "year")
        )
    }
