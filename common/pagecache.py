"""A whole-page cache for the public pages that an editor's change empties at once.

Every cached page is stored with a "generation" number kept in the cache itself. Saving or
deleting an object of a content app (schools, rankings) bumps the generation, so every page cached before is
never served again (and is rendered anew on the next visit). Because the number lives in the cache, several app
servers sharing one cache (Redis) agree on it without talking to each other.
"""

from __future__ import annotations

import datetime
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
from django.utils import timezone

GENERATION_KEY = "pages:generation"
# When content next changes by the clock alone (an embargo ends), as a Unix time; 0 for never.
UNTIL_KEY = "pages:until"
# Functions that give that moment, one per content app that has embargoes (register_clock).
_clocks: list[Callable[[], datetime.datetime | None]] = []


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


def register_clock(next_change: Callable[[], datetime.datetime | None]) -> None:
    """Have cached pages expire when `next_change()` says content changes by itself (the
    moment an embargo ends), with no job to run and no save to empty the cache. The app
    calls clock_changed() whenever that moment may have moved (an edition's date saved)."""
    _clocks.append(next_change)


def clock_changed(moment: datetime.datetime | None) -> None:
    """A scheduled moment was saved: pages expire by it if it comes before the one noted.

    No query: an earlier moment noted too early only costs one needless expiry, after which
    the next one is worked out again. Once the transaction commits it is worked out exactly.
    """
    if moment is not None and moment > timezone.now():
        noted = cache.get(UNTIL_KEY)
        if noted is not None and (not noted or moment.timestamp() < noted):
            cache.set(UNTIL_KEY, moment.timestamp(), timeout=None)
    transaction.on_commit(_set_until)


def _set_until() -> float:
    """Note the next moment content changes by the clock, so that serving a page does not
    query the database for it: only the first page after the cache was emptied does."""
    moments = [moment for clock in _clocks if (moment := clock()) is not None]
    until = min(moments).timestamp() if moments else 0
    cache.set(UNTIL_KEY, until, timeout=None)
    return until


def _expired(until: float | None) -> bool:
    """Whether a moment when content changes by itself has passed since pages were stored."""
    return bool(until) and timezone.now().timestamp() >= until


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
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Maybe staff, whose pages preview what is under embargo: never from or into
            # the cache (the views mark a preview uncacheable too).
            return self.get_response(request)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, UNTIL_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        until = found[UNTIL_KEY] if UNTIL_KEY in found else _set_until()
        if _expired(until):
            bump_generation()  # an embargo has ended: every page is stale
            _set_until()
            current = generation()
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
    if cache.get(UNTIL_KEY) is None:
        _set_until()  # once per emptied cache, on a save rather than on a visitor's page
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
