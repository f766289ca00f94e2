"""A per-client limit on participation mutations, counted on the shared cache (Redis in
production, so every worker process sees the same counts)."""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from cms.middleware import client_ip_address


def client_key(request) -> str:
    """The cache key of the request's client: a keyed hash (SHA-256 over SECRET_KEY and the
    IP address from ``cms.middleware.client_ip_address``), so that neither the cache nor a log
    line holds the address itself."""
    address = client_ip_address(request) if request is not None else ""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()
    return f"participation-rate:{digest[:32]}"


def rate_limit_exceeded(request) -> bool:
    """Count one participation mutation of the request's client; True once it has sent more
    than PARTICIPATION_RATE_LIMIT in the current window of PARTICIPATION_RATE_WINDOW seconds
    (a fixed window, started by the client's first mutation)."""
    key = client_key(request)
    window = settings.PARTICIPATION_RATE_WINDOW
    # add() starts a window only when none runs; incr() then counts within it.
    if cache.add(key, 1, timeout=window):
        count = 1
        cache.set(f"{key}:ends", time.time() + window, timeout=window)
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.add(key, 1, timeout=window)
            cache.set(f"{key}:ends", time.time() + window, timeout=window)
            count = 1
    return count > settings.PARTICIPATION_RATE_LIMIT


def rate_limit_retry_after(request) -> int:
    """Seconds until the request's client's current window ends (at least 1), for the answer
    that refuses it; the whole PARTICIPATION_RATE_WINDOW when the end is not known."""
    ends = cache.get(f"{client_key(request)}:ends")
    if not isinstance(ends, (int, float)):
        return settings.PARTICIPATION_RATE_WINDOW
    return max(1, min(settings.PARTICIPATION_RATE_WINDOW, math.ceil(ends - time.time())))
