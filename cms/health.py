"""Health endpoints for load balancers and orchestrators (Kubernetes probes, nginx, systemd).

- ``GET /health/live/``: liveness. 200 ``{"status": "ok"}`` when the process answers; touches
  nothing else, so a database outage never makes an orchestrator restart healthy processes.
- ``GET /health/ready/``: readiness. Checks that the database, the cache and the media storage
  answer; 200 with ``{"status": "ok", "checks": {"database": {"status": "ok"}, ...}}`` when all
  do, 503 with ``"status": "fail"`` and, for each failed check, ``"error"`` (the exception's class
  name, nothing from its message, which may name hosts) when one does not.

Both are answered by :class:`HealthCheckMiddleware` before any other middleware but the request
id: no host check (probes send the pod's IP address as ``Host``), no HTTPS redirect, no session,
CSRF, locale or throttle; unauthenticated, and ``Cache-Control: no-store``. A successful probe
writes no log line; a failed readiness check is logged at WARNING with the check's name.
"""

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

LIVE_PATH = "/health/live/"
READY_PATH = "/health/ready/"
# The key the cache and storage checks look up: it need not exist, only the answer matters.
PROBE_KEY = "health-check-probe"


def check_database() -> None:
    """Run ``SELECT 1`` on the default database; raises what the driver raises."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    """Read a key from the default cache (Redis in production; its socket timeouts bound the
    wait, see ``CACHES``); raises what the backend raises."""
    # The project's Redis cache answers a miss while Redis is away (cms.cache); the probe must
    # see the error.
    getattr(cache, "strict_get", cache.get)(PROBE_KEY)


def check_storage() -> None:
    """Ask the media storage whether a file exists (a HEAD request on object storage, which
    needs the ``s3:ListBucket`` permission to answer 404 rather than 403); raises what the
    storage raises."""
    default_storage.exists(PROBE_KEY)


READINESS_CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
}


def no_store(response: HttpResponse) -> HttpResponse:
    """Mark a health answer uncacheable; it skips SecurityMiddleware, so say nosniff here."""
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def live(request: HttpRequest) -> HttpResponse:
    """Liveness: 200 ``{"status": "ok"}``, always."""
    return no_store(JsonResponse({"status": "ok"}))


def ready(request: HttpRequest) -> HttpResponse:
    """Readiness: each of ``READINESS_CHECKS`` in turn; 200 when all pass, 503 when one fails
    (the others still run, so the answer names every failure)."""
    checks: dict[str, dict[str, str]] = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 — any failure means "not ready"
            checks[name] = {"status": "fail", "error": type(error).__name__}
            logger.warning("Readiness check %s failed: %s", name, type(error).__name__)
        else:
            checks[name] = {"status": "ok"}
    healthy = all(result["status"] == "ok" for result in checks.values())
    return no_store(
        JsonResponse(
            {"status": "ok" if healthy else "fail", "checks": checks},
            status=200 if healthy else 503,
        )
    )


HEALTH_VIEWS = {LIVE_PATH: live, READY_PATH: ready}


class HealthCheckMiddleware:
    """Answer ``GET``/``HEAD`` on ``/health/live/`` and ``/health/ready/`` (exactly these paths)
    with :func:`live` and :func:`ready`, before the middleware after it runs; everything else
    passes on. Placed right after ``cms.middleware.RequestIdMiddleware`` in ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = HEALTH_VIEWS.get(request.path_info)
        if view is not None and request.method in {"GET", "HEAD"}:
            return view(request)
        return self.get_response(request)
