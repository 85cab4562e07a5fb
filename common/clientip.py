"""The address of the client that sent a request, also when a reverse proxy stands in front.

Forwarded headers (X-Forwarded-For, X-Forwarded-Proto) are believed only when the socket peer
is one of TRUSTED_PROXIES: anyone who reaches gunicorn directly could write them, so from
anyone else they would let an attacker pick the address login throttling counts (and dodge
the lockout) or pass a plain-HTTP request off as HTTPS.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """TRUSTED_PROXIES as networks: each an address ("10.0.0.2") or a network ("10.0.0.0/8")."""
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    if not settings.BEHIND_PROXY or not address:
        return False
    ip = _parse(address)
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    return ip is not None and any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or when a trusted proxy sent the request, the address it was sent from.

    Each proxy appends the address it received the request from to X-Forwarded-For. Walking
    it from the right, every entry written by a trusted proxy is believed; the first address
    that is not itself a trusted proxy is the client. Entries further left were written by the
    client and are ignored.
    """
    client = request.META.get("REMOTE_ADDR")
    if not is_trusted_proxy(client):
        return client
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for entry in reversed([part.strip() for part in forwarded if part.strip()]):
        if _parse(entry) is None:
            # Not an address where a proxy wrote one: count it under the hop that wrote it.
            return client
        client = entry
        if not is_trusted_proxy(entry):
            return client
    return client  # every hop is a trusted proxy: the leftmost one sent the request


class TrustedProxyMiddleware:
    """Drop X-Forwarded-* headers a trusted proxy did not send, before anything reads them.

    Django's SECURE_PROXY_SSL_HEADER believes X-Forwarded-Proto from whoever sends it, and
    gunicorn passes it on from any peer; without this, a client reaching gunicorn directly
    would be taken as HTTPS (no redirect, secure cookies and CSRF's referer check relaxed).
    Put it first in MIDDLEWARE.
    """

    HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR")):
            for header in self.HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
