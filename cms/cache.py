"""A Redis cache that degrades instead of failing while Redis is away.

Everything the project keeps in the cache (API answers, persisted documents, site data,
throttling counts) can be recomputed or done without, so a Redis outage must slow requests down,
not fail them: each operation that cannot reach Redis logs a warning (the operation's name and
the error's type; never a key, which may be derived from a request) and answers like a miss.
The readiness check (cms/health.py) uses ``strict_get``, which still raises.
"""

import logging
import os
import threading
import time

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


_UNKNOWN = object()
INVALIDATION_CHANNEL = "__redis__:invalidate"


class TrackedValue:
    """One key of the default cache whose value this process keeps in memory between changes.

    With Redis (``DegradingRedisCache``), a background thread of each process holds a connection
    on which Redis's server-assisted client-side caching (``CLIENT TRACKING`` in broadcasting
    mode, Redis 6 and later: https://redis.io/docs/latest/develop/reference/client-side-caching/)
    announces every change of the key, by any process, including its expiry, eviction and a
    flush. ``get`` answers from memory while that connection is up and nothing changed since the
    value was read; otherwise it reads the cache (one round trip), as it always does with other
    backends. If the connection fails, memory is not trusted until it is back and subscribed
    again; a connection that stops answering is found by a PING after ``PING_INTERVAL`` seconds
    of silence and a read timeout of ``READ_TIMEOUT`` seconds, the longest a change can go
    unseen.
    """

    PING_INTERVAL = 1.0
    READ_TIMEOUT = 2.0

    def __init__(self, key: str) -> None:
        self.key = key
        self._lock = threading.Lock()
        # (process ID, Redis URL, full key) being tracked: a forked process, or a different cache
        # configuration (tests change it), starts its own tracking.
        self._target: tuple | None = None
        self._listening = False
        self._epoch = 0
        self._value = _UNKNOWN

    def get(self, cache):
        """The key's value in ``cache`` (None when absent), from memory when it can be."""
        if not isinstance(cache, RedisCache):
            return cache.get(self.key)
        # The backend's server and full key for this key, worked out once per backend object
        # (each thread has its own; they live as long as the thread).
        where = cache.__dict__.get("_tracked_keys", {}).get(self.key)
        if where is None:
            where = (cache._servers[0], cache.make_and_validate_key(self.key))
            cache.__dict__.setdefault("_tracked_keys", {})[self.key] = where
        target = (os.getpid(), *where)
        if self._target != target:
            self._start(target)
        with self._lock:
            if self._listening and self._value is not _UNKNOWN:
                return self._value
            epoch = self._epoch
        value = cache.get(self.key)
        with self._lock:
            # Kept only if no change was announced while it was being read.
            if self._listening and self._epoch == epoch:
                self._value = value
        return value

    def changed(self) -> None:
        """Forget the value now: for a process that has just changed the key itself (Redis
        announces the change too, a moment later; the process's next read must not wait)."""
        with self._lock:
            self._epoch += 1
            self._value = _UNKNOWN

    def _start(self, target: tuple) -> None:
        with self._lock:
            if self._target == target:
                return
            # Nothing known under another target counts (a fork inherits memory, not threads).
            self._target = target
            self._listening = False
            self._epoch += 1
            self._value = _UNKNOWN
        thread = threading.Thread(
            target=self._listen, args=(target,), name=f"cache-tracking-{self.key}", daemon=True
        )
        thread.start()

    def _forget_for(self, target: tuple, *, listening: bool) -> bool:
        """Forget the value (a change was announced, or the connection came or went) if
        ``target`` is still the one tracked; False when it is not (its thread then ends)."""
        with self._lock:
            if self._target != target:
                return False
            self._epoch += 1
            self._value = _UNKNOWN
            self._listening = listening
            return True

    def _listen(self, target: tuple) -> None:
        import redis

        _pid, url, full_key = target
        retry_delay = self.PING_INTERVAL
        while self._target == target:
            connection = None
            try:
                client = redis.Redis.from_url(
                    url,
                    protocol=2,
                    socket_connect_timeout=self.READ_TIMEOUT,
                    socket_timeout=self.READ_TIMEOUT,
                )
                connection = client.connection_pool.get_connection()
                connection.send_command("CLIENT", "ID")
                client_id = connection.read_response()
                # The invalidations of every key starting with full_key, sent to this connection.
                connection.send_command(
                    "CLIENT", "TRACKING", "on", "REDIRECT", client_id, "BCAST", "PREFIX", full_key
                )
                connection.read_response()
                connection.send_command("SUBSCRIBE", INVALIDATION_CHANNEL)
                connection.read_response()
                if not self._forget_for(target, listening=True):
                    break
                retry_delay = self.PING_INTERVAL
                while True:
                    if connection.can_read(timeout=self.PING_INTERVAL):
                        message = connection.read_response()
                    else:
                        connection.send_command("PING")
                        message = connection.read_response()
                    changed = isinstance(message, list) and message and message[0] == b"message"
                    if self._target != target or (
                        changed and not self._forget_for(target, listening=True)
                    ):
                        break
            except redis.ResponseError as error:
                # Redis older than 6, or a managed Redis that forbids CLIENT: no tracking, ever.
                self._forget_for(target, listening=False)
                logger.warning(
                    "Redis refuses client tracking (%s): the cache is read on every request.",
                    type(error).__name__,
                )
                if connection is not None:
                    connection.disconnect()
                return
            except Exception as error:  # noqa: BLE001 (the thread must outlive any failure)
                was_listening = self._listening
                self._forget_for(target, listening=False)
                if was_listening or retry_delay == self.PING_INTERVAL:
                    # Once per outage, not once per retry.
                    logger.warning(
                        "Cache tracking connection lost (%s): reading the cache until it is back.",
                        type(error).__name__,
                    )
                if connection is not None:
                    connection.disconnect()
                time.sleep(retry_delay)
                retry_delay = min(retry_delay * 2, 30.0)
                continue
            connection.disconnect()
