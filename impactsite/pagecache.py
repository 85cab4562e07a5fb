"""A whole-page cache for the public pages that an editor's change empties at once.

Every cached page is stored with a "generation" number kept in the cache itself. Saving or
deleting any schools or rankings object bumps the generation, so every page cached before is
never served again (and is rendered anew on the next visit). Because the number lives in the cache, several app
servers sharing one cache (Redis) agree on it without talking to each other.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "pages:generation"
CONTENT_APPS = frozenset({"schools", "rankings"})


def page_timeout() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 24 * 3600)


def generation() -> int:
    current = cache.get(GENERATION_KEY)
    if current is None:
        # Start from the clock, not 1: if the shared cache evicts this key while old pages
        # survive, a restarted count must not land on the generation those pages were stored under.
        cache.add(GENERATION_KEY, time.time_ns() // 1000, timeout=None)
        current = cache.get(GENERATION_KEY)
    return current


def bump_generation() -> None:
    """Make every cached page stale. Imports that bypass model signals (bulk_create) call this."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under one either
        generation()


def page_key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pages:{get_language()}:{path}"


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve GET and HEAD from the page cache; store successful pages that set no cookie.

    A page is stored with the generation it was rendered under, and both are read in one
    round trip: a page stored under an older generation is rendered again. A change made
    while a page renders leaves it stored under the generation read before, so it is stale
    at once.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            return stored[1]
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, (current, response), page_timeout())
        return response

    return wrapper


def content_changed(sender, **kwargs) -> None:
    """post_save / post_delete receiver for every model of the content apps."""
    if sender._meta.app_label not in CONTENT_APPS:
        return
    bump_generation()
    # Bump again once the transaction commits: a page rendered meanwhile from the old,
    # still-committed rows would otherwise stay cached under the new generation.
    transaction.on_commit(bump_generation)
