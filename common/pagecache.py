"""A whole-page cache for the public pages that an editor's change empties at once.

Every cached page is stored with a "generation" number kept in the cache itself. Saving or
deleting an object of a content app (schools, rankings) bumps the generation, so every page cached before is
never served again (and is rendered anew on the next visit). Because the number lives in the cache, several app
servers sharing one cache (Redis) agree on it without talking to each other.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.apps import AppConfig
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "pages:generation"


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
    # The language is in the path (/en/, /fr/), so the path alone names the page.
    return "pages:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()


def _storable(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.cookies and not response.streaming


class PageCacheMiddleware:
    """Serve public pages from the cache before sessions, authentication and the view run.

    It sits just after the security, CSP and static-file middleware, so a cached page still
    gets their headers, and skips everything after them: a hit costs one cache round trip,
    which reads the generation and the page together. Only views marked with `cached_page`
    are stored, with the headers the inner middleware gave them (language, frame options).
    A page is stored with the generation read before it was rendered: if an editor saves
    meanwhile, it is already stale and is rendered again on the next visit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _ in settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not request.path.startswith(self.prefixes):
            return self.get_response(request)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            return stored[1]
        response = self.get_response(request)
        if getattr(request, "page_cacheable", False) and _storable(response):
            cache.set(key, (current, response), page_timeout())
        return response


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a public view's pages for PageCacheMiddleware to store."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.page_cacheable = True
        return view(request, *args, **kwargs)

    return wrapper


def content_changed(sender, **kwargs) -> None:
    """post_save / post_delete receiver for the models public pages show."""
    bump_generation()
    # Bump again once the transaction commits: a page rendered meanwhile from the old,
    # still-committed rows would otherwise stay cached under the new generation.
    transaction.on_commit(bump_generation)


def empty_pages_on_change(app_config: AppConfig, *, private: Iterable[str] = ()) -> None:
    """Empty the page cache whenever a model of this app is saved or deleted.

    Each content app calls it from its `ready()`; `private` names the models no public page
    shows (by model name, e.g. "importjob"), whose changes keep the cached pages.
    """
    for model in app_config.get_models():
        if model._meta.model_name in private:
            continue
        uid = f"pagecache:{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}:delete")
