"""Pages rendered again after the answer is sent, not while a visitor waits, after a change.

After an editor's change every cached page is stale. A reverse proxy holding a page (nginx,
nginx/cache.conf) comes back for it with If-None-Match once it has kept it PAGE_PROXY_SECONDS;
rendering the page before answering would make a visitor wait, as nginx holds the connection of
the visitor whose request started its refresh until the refresh is done. So PageCacheMiddleware
answers such a revalidation at once (304, "keep it PAGE_REFRESH_SECONDS more") with a
`RenderAfter` response: once the app server has sent it, the page is rendered through the whole
middleware stack, which stores it in the page cache, where the proxy's next revalidation finds
it. If that render failed, the page is rendered in a request PAGE_REFRESH_GRACE seconds later.
"""

from __future__ import annotations

import io
import logging
import sys
import threading
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponseNotModified

logger = logging.getLogger(__name__)
_handler: BaseHandler | None = None
_handler_lock = threading.Lock()


def render_page(path: str, query: Iterable[tuple[str, str]] = ()) -> int:
    """Request a public page from this process's own middleware stack, as an anonymous visitor
    at SITE_ORIGIN would, so that PageCacheMiddleware renders and stores it. Its status.

    Through the handler's middleware but without the request signals: it runs inside another
    request's end (RenderAfter.close), which handles the database connection afterwards."""
    global _handler
    with _handler_lock:  # gunicorn's threads: one handler, used once its middleware is loaded
        if _handler is None:
            handler = BaseHandler()
            handler.load_middleware()  # once per process, as the WSGI handler does
            _handler = handler
    origin = urlsplit(settings.SITE_ORIGIN)
    https = origin.scheme == "https"
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path.encode().decode("latin-1"),  # WSGI's encoding of the path's bytes
            "QUERY_STRING": urlencode(list(query)),
            "SERVER_NAME": origin.hostname or "localhost",
            "SERVER_PORT": str(origin.port or (443 if https else 80)),
            "HTTP_HOST": origin.netloc,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": origin.scheme,
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
    )
    # Not closed: that would send request_finished in the middle of the outer request's end.
    # The page is in memory, the request had no files: there is nothing else to release.
    return _handler.get_response(request).status_code


class RenderAfter(HttpResponseNotModified):
    """A 304 that renders a page into the page cache once it has been sent: the WSGI server
    calls close() after the last byte (PEP 3333), when the proxy already has its answer."""

    def __init__(self, path: str, query: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self.page = (path, tuple(query))

    def close(self) -> None:
        try:
            render_page(*self.page)
        except Exception:  # the proxy has its answer; the page is rendered again later
            logger.exception("rendering %s again after a change failed", self.page[0])
        finally:
            super().close()
