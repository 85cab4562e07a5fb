"""The address of the client that sent a request, also when a reverse proxy stands in front."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind PROXY_COUNT trusted proxies, the address the outermost one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    real client is PROXY_COUNT entries from the right; anything further left was written by
    the client itself and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXY_COUNT if settings.BEHIND_PROXY else 0
    if not proxies:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote  # the request did not come through every proxy: trust only the socket
    return forwarded[-proxies]
