"""A whole-page cache for the public pages that an editor's change empties at once.

Every cached page is stored with a "generation" number kept in the cache itself. Saving or
deleting an object of a content app (schools, rankings) bumps the generation, so every page
cached before is never served again (and is rendered anew on the next visit); so does the
moment an edition's embargo ends. Because the number lives in the cache, several app servers
sharing one cache (Redis) agree on it without talking to each other.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Callable, Iterable
from functools import wraps
from typing import NamedTuple
from urllib.parse import urlencode

from django.apps import AppConfig
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag

from common.clientip import client_ip, is_trusted_proxy
from common.pagerefresh import RenderAfter

GENERATION_KEY = "pages:generation"
# When content next changes by the clock alone (an embargo ends), as a Unix time; 0 for never.
UNTIL_KEY = "pages:until"
# The generation the last such moment started: a proxy's copy from before it is not kept on.
CLOCKED_KEY = "pages:clocked"
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


def register_clock(
    model: type[Model], field: str, next_change: Callable[[], datetime.datetime | None]
) -> None:
    """Have cached pages expire when `next_change()` says content changes by itself (the
    moment an embargo ends), with no job to run and no save to empty the cache, and no proxy
    keep a public page past it (`shared_cache_control`). Saving a `model` may move that
    moment: its `field` is the moment it schedules (`clock_changed`)."""
    _clocks.append(next_change)
    post_save.connect(
        lambda instance, **kwargs: clock_changed(getattr(instance, field)),
        sender=model,
        weak=False,
        dispatch_uid=f"pagecache:clock:{model._meta.label}",
    )


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


class Clock(NamedTuple):
    generation: int  # what pages are stored under now
    until: float  # the next moment content changes by the clock, a Unix time (0: none is set)
    clocked: int  # the generation the last such moment started (0: none since the cache began)


def _clock(found: dict) -> Clock:
    """Where pages stand now, from the cache's keys in `found`: a new generation once an
    embargo has ended."""
    current = found.get(GENERATION_KEY) or generation()
    until = found[UNTIL_KEY] if UNTIL_KEY in found else _set_until()
    clocked = found.get(CLOCKED_KEY, 0)
    if until and timezone.now().timestamp() >= until:
        bump_generation()  # an embargo has ended: every page is stale
        until = _set_until()
        current = clocked = generation()
        cache.set(CLOCKED_KEY, clocked, timeout=None)
    return Clock(current, until, clocked)


Query = tuple[tuple[str, str], ...]


def normalised_query(query: QueryDict) -> Query:
    """The query string as the page sees it: values stripped, empty ones and page=1 dropped,
    sorted. `?sort=name&q=alès&country=` and `?q=alès&sort=name` are one page."""
    pairs = []
    for name, values in query.lists():
        for value in values:
            value = value.strip()
            if value and not (name == "page" and value == "1"):
                pairs.append((name, value))
    return tuple(sorted(pairs))


def page_key(path: str, query: Query = ()) -> str:
    # The language is in the path (/en/, /fr/), so the path and the query name the page.
    return "pages:" + hashlib.sha256(f"{path}?{urlencode(query)}".encode()).hexdigest()


def page_etag(current: int, key: str) -> str:
    """The validator of a page: it changes when the content does (the generation) and differs
    between pages, and is known before anything is rendered."""
    return f'"{current:x}-{key.removeprefix("pages:")[:16]}"'


def shared_cache_control(fresh: int | None = None, until: float = 0) -> str:
    """Cache-Control of a public page: browsers revalidate (max-age=0), a shared proxy keeps it
    PAGE_PROXY_SECONDS (or `fresh`) and may serve it PAGE_STALE_SECONDS more while it fetches a
    fresh one, and a day more if the app servers fail. So an editor's change reaches everyone
    within PAGE_PROXY_SECONDS + PAGE_STALE_SECONDS (5 + 5 s by default); while a visitor keeps
    the proxy asking, about 8 s (the page's PAGE_PROXY_SECONDS, then PAGE_REFRESH_SECONDS while
    it is rendered after the answer: common/pagerefresh.py, nginx counting in whole seconds).

    Neither kept nor served stale past `until`, the next moment content changes by the clock:
    see `proxy_seconds`. Only a failing app server's stale copy (stale-if-error) may still show
    what was public before."""
    fresh, stale = proxy_seconds(fresh, until)
    return (
        f"public, max-age=0, s-maxage={fresh}, stale-while-revalidate={stale}, stale-if-error=86400"
    )


def proxy_seconds(fresh: int | None = None, until: float = 0) -> tuple[int, int]:
    """How long a shared proxy may keep a page (s-maxage), then serve it while refreshing it
    (stale-while-revalidate): PAGE_PROXY_SECONDS (or `fresh`) and PAGE_STALE_SECONDS, but
    before `until` (an embargo ends, `register_clock`) the whole seconds left share both, less
    one: nginx counts in whole seconds and keeps a page up to a second past its s-maxage.

    With none left, a proxy must not be answered 304: nginx keeps a copy revalidated by a 304
    that gives it no time as long as the copy first said (`revalidates`)."""
    stale = settings.PAGE_STALE_SECONDS
    fresh = settings.PAGE_PROXY_SECONDS if fresh is None else fresh
    if until:
        left = _seconds_left(until)
        fresh = min(fresh, left)
        stale = min(stale, left - fresh)
    return fresh, stale


def _seconds_left(until: float) -> int:
    return max(0, int(until - timezone.now().timestamp()) - 1)


def revalidates(until: float) -> bool:
    """Whether a conditional request may be answered 304: not in the last seconds before the
    clock changes content, when a proxy may keep nothing (`proxy_seconds`)."""
    return not until or _seconds_left(until) > 0


def _storable(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.cookies and not response.streaming


def _within_budget(request: HttpRequest) -> bool:
    """At most PAGE_CACHE_NEW_PER_CLIENT new pages a minute stored for one client address:
    beyond that its pages are served uncached, so varying a filter cannot fill the cache."""
    limit = settings.PAGE_CACHE_NEW_PER_CLIENT
    key = f"pages:budget:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr: a new minute
        return True


def _not_modified(request: HttpRequest, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    return etag in (tag.strip().removeprefix("W/") for tag in wanted.split(","))


def _refresh_later(
    request: HttpRequest, key: str, held: int, clock: Clock, query: Query
) -> HttpResponse | None:
    """A reverse proxy revalidating its copy of a page changed since (generation `held`):
    "304, keep it PAGE_REFRESH_SECONDS more", the page rendered once that is sent
    (common/pagerefresh.py), so that no visitor behind the proxy waits for the render. None to
    render it in this request: not a trusted proxy's revalidation of that copy, a copy from
    before an embargo ended (what the clock changes is public at its moment, not a second
    later), or one was answered so PAGE_REFRESH_GRACE seconds ago and the page is still not
    rendered."""
    etag = page_etag(held, key)
    grace = settings.PAGE_REFRESH_GRACE
    if not (
        grace > 0
        and held >= clock.clocked
        and is_trusted_proxy(request.META.get("REMOTE_ADDR"))
        and _not_modified(request, etag)
    ):
        return None
    # One render per page and generation, by whichever request comes first (several proxies,
    # or the next refresh while the render is not done, get the 304 alone).
    flag, now = f"pages:refresh:{clock.generation:x}:{key.removeprefix('pages:')}", time.time()
    if cache.add(flag, now, timeout=max(60, 2 * grace)):
        response = RenderAfter(request.path, query)
    elif now - (cache.get(flag) or now) < grace:
        response = HttpResponseNotModified()
    else:
        return None  # the render after the first answer failed: this request renders it
    response["ETag"] = etag
    response["Cache-Control"] = shared_cache_control(settings.PAGE_REFRESH_SECONDS, clock.until)
    return response


def _cache_control(request: HttpRequest, until: float) -> str:
    # A visitor with a session (an editor) gets the page as it is now, never a proxy's copy.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return "private, no-cache"
    return shared_cache_control(until=until)


def _with_validators(
    request: HttpRequest, response: HttpResponse, etag: str, control: str, revalidate: bool
) -> HttpResponse:
    response["Cache-Control"] = control
    response["ETag"] = etag
    if revalidate and _not_modified(request, etag):
        return _not_modified_response(etag, control)
    return response


def _not_modified_response(etag: str, control: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = control
    return response


class PageCacheMiddleware:
    """Serve public pages from the cache before sessions, authentication and the view run.

    It sits just after the security, CSP and static-file middleware, so a cached page still
    gets their headers, and skips everything after them: a hit costs one cache round trip,
    which reads the generation and the page together. Only views marked with `cached_page`
    are stored, with the headers the inner middleware gave them (language, frame options).
    A page is stored with the generation read before it was rendered: if an editor saves
    meanwhile, it is already stale and is rendered again on the next visit.

    The host is checked (ALLOWED_HOSTS, 400 otherwise) before any lookup. A page is keyed on
    its path and normalised query; one with a parameter its view does not declare is served
    but never stored (its key would be the client's to choose). Each page carries an ETag made
    of the generation, so a conditional request is answered 304 without rendering; a reverse
    proxy's revalidation of a page changed since is answered at once too, and the page
    rendered after the answer is sent (`_refresh_later`, common/pagerefresh.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _ in settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not request.path.startswith(self.prefixes):
            return self.get_response(request)
        request.get_host()  # raises DisallowedHost (400) before anything is read or stored
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Maybe staff, whose pages preview what is under embargo: never from or into the
            # cache, nor any proxy's (the views mark a preview uncacheable too).
            response = self.get_response(request)
            if getattr(request, "page_params", None) is not None:
                response.headers.setdefault("Cache-Control", "private, no-cache")
            return response
        query = normalised_query(request.GET)
        key = page_key(request.path, query)
        found = cache.get_many([GENERATION_KEY, UNTIL_KEY, CLOCKED_KEY, key])
        clock = _clock(found)
        current, until = clock.generation, clock.until
        etag = page_etag(current, key)
        control = _cache_control(request, until)
        revalidate = revalidates(until)
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            return _with_validators(request, stored[1], etag, control, revalidate)
        # No 304 at all in the last seconds before an embargo ends (`proxy_seconds`).
        if revalidate and _not_modified(request, etag):
            # Only a page of this key and generation was ever given this tag: it is unchanged.
            return _not_modified_response(etag, control)
        if revalidate and stored is not None:  # a page changed since it was stored
            deferred = _refresh_later(request, key, stored[0], clock, query)
            if deferred is not None:
                return deferred
        response = self.get_response(request)
        params = getattr(request, "page_params", None)
        if params is None or not _storable(response):
            if params is not None:  # a cached view's page that set a cookie or failed
                response.headers.setdefault("Cache-Control", "private, no-cache")
            return response
        response["Cache-Control"] = control
        response["ETag"] = etag
        names = [name for name, _ in query]
        if (
            set(names) <= set(params)
            and len(names) == len(set(names))
            and (stored is not None or _within_budget(request))
        ):
            cache.set(key, (current, response), page_timeout())
        return _with_validators(request, response, etag, control, revalidate)


def cached_page(
    view: Callable[..., HttpResponse] | None = None, *, params: Iterable[str] = ()
) -> Callable[..., HttpResponse]:
    """Mark a public view's pages for PageCacheMiddleware to store.

    `params` names the query parameters the view reads (its filter form's fields, "page"):
    the view sees only those, normalised, so a stored page depends on nothing else.
    """
    known = frozenset(params)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.page_params = known
            query = QueryDict(mutable=True)
            for name, value in normalised_query(request.GET):
                if name in known:
                    query.appendlist(name, value)
            query._mutable = False
            request.GET = query
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def shared_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let a shared proxy keep a public page that is not page-cached (press pages, which the
    clock changes): the same Cache-Control as cached pages, kept by the proxy no later than the
    next moment the clock changes content (a release's embargo ends: `register_clock`), an ETag
    of its content, and 304 for a matching conditional request (the page is rendered, but not
    sent again)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if not _storable(response) or response.has_header("Cache-Control"):
            return response
        if hasattr(response, "render") and callable(response.render):
            response.render()
        set_response_etag(response)
        clock = _clock(cache.get_many([GENERATION_KEY, UNTIL_KEY, CLOCKED_KEY]))
        response["Cache-Control"] = _cache_control(request, clock.until)
        if not revalidates(clock.until):
            return response
        return get_conditional_response(request, etag=response["ETag"], response=response)

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
