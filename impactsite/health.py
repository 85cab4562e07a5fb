"""/healthz: what a load balancer asks before sending an app server traffic."""

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    # A unique value, so a stale answer from another server cannot pass for a working cache.
    token = str(time.time_ns())
    cache.set("healthz", token, timeout=30)
    if cache.get("healthz") != token:
        raise RuntimeError("the cache did not return what was just stored")


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer, 503 naming what failed otherwise."""
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache)):
        try:
            check()
        except Exception as error:  # any failure means: send no traffic here
            logger.error("healthz %s check failed: %s", name, error)
            checks[name] = "failing"
        else:
            checks[name] = "ok"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )
