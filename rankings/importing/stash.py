"""Keeping an upload between preview and confirm.

App servers will not share a disk: the uploaded bytes wait in the cache, which production
shares between servers. These three functions are the only place that knows.
"""

from __future__ import annotations

import re
import secrets

from django.core.cache import caches

_UPLOAD_PREFIX = "results-import:"
UPLOAD_TIMEOUT = 60 * 60


def stash_upload(data: bytes) -> str:
    token = secrets.token_urlsafe(24)
    caches["default"].set(_UPLOAD_PREFIX + token, data, UPLOAD_TIMEOUT)
    return token


def unstash_upload(token: str) -> bytes | None:
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token or ""):
        return None
    return caches["default"].get(_UPLOAD_PREFIX + token)


def discard_upload(token: str) -> None:
    caches["default"].delete(_UPLOAD_PREFIX + token)
