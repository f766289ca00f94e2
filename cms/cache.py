"""A Redis cache that degrades instead of failing while Redis is away.

Everything the project keeps in the cache (API answers, persisted documents, site data,
throttling counts) can be recomputed or done without, so a Redis outage must slow requests down,
not fail them: each operation that cannot reach Redis logs a warning (the operation's name and
the error's type; never a key, which may be derived from a request) and answers like a miss.
The readiness check (cms/health.py) uses ``strict_get``, which still raises.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _degrading(name: str, fallback):
    method = getattr(RedisCache, name)

    def run(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning(
                "The cache is unreachable (%s on %s): answering without it.",
                type(error).__name__,
                name,
            )
            return fallback(*args, **kwargs)

    run.__name__ = name
    run.__doc__ = method.__doc__
    return run


def _default(key, default=None, *args, **kwargs):
    return default


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, with one ``redis.Redis`` per connection pool for the process.

    Django makes a new ``redis.Redis`` for every cache operation, and each one builds its table
    of ~170 response callbacks (about 0.1 ms, as long as a whole cache hit on loopback). A
    ``redis.Redis`` over a connection pool is safe to share between threads (redis-py's
    documentation), so one per pool is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    """Django's RedisCache whose operations answer as a miss while Redis is unreachable:
    ``get`` gives the default, ``get_many`` {}, ``add``/``touch``/``delete``/``has_key`` False,
    ``set``/``set_many``/``delete_many``/``clear`` do nothing. ``incr``/``decr`` raise
    ValueError, as for a missing key."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    get = _degrading("get", _default)
    get_many = _degrading("get_many", lambda *args, **kwargs: {})
    set = _degrading("set", lambda *args, **kwargs: None)
    set_many = _degrading("set_many", lambda *args, **kwargs: [])
    add = _degrading("add", lambda *args, **kwargs: False)
    touch = _degrading("touch", lambda *args, **kwargs: False)
    delete = _degrading("delete", lambda *args, **kwargs: False)
    delete_many = _degrading("delete_many", lambda *args, **kwargs: None)
    has_key = _degrading("has_key", lambda *args, **kwargs: False)
    clear = _degrading("clear", lambda *args, **kwargs: False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            logger.warning("The cache is unreachable (%s on incr).", type(error).__name__)
            raise ValueError("The cache is unreachable.") from error

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    def strict_get(self, key, default=None, version=None):
        """``get`` that raises the backend's error: for the readiness check."""
        return super().get(key, default, version)
