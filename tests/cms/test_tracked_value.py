"""cms.cache.TrackedValue: a cache key's value kept in memory between the changes Redis
announces (client-side caching in broadcasting mode), read from the cache whenever the tracking
connection is not up. Against the machine's Redis (CI has one on 127.0.0.1:6379)."""

import os
import time
import uuid
from unittest import mock

import pytest
import redis

from cms.cache import DegradingRedisCache, TrackedValue

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def backend():
    prefix = f"test-tracked-{uuid.uuid4().hex[:8]}"
    cache = DegradingRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield cache
    cache.delete("generation")


def wait_until(condition, timeout=3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def reads_of(backend, tracked) -> int:
    with mock.patch.object(backend, "get", wraps=backend.get) as get:
        tracked.get(backend)
    return get.call_count


def test_a_known_value_is_answered_from_memory_until_another_client_changes_it(backend):
    tracked = TrackedValue("generation")
    backend.set("generation", "one", None)
    tracked.get(backend)  # starts the tracking connection
    assert wait_until(lambda: tracked._listening)
    assert tracked.get(backend) == "one"  # read once more, now kept
    assert reads_of(backend, tracked) == 0
    # Another process (its own client) changes the key: Redis announces it.
    other = DegradingRedisCache(REDIS_URL, {"KEY_PREFIX": backend.key_prefix})
    other.set("generation", "two", None)
    # Without the announcement, memory would answer "one" for ever.
    assert wait_until(lambda: tracked.get(backend) == "two")
    # Deleting it (expiry, eviction and FLUSHDB are announced the same way) is seen too.
    other.delete("generation")
    assert wait_until(lambda: tracked.get(backend) is None)


def test_without_the_tracking_connection_every_get_reads_the_cache(backend):
    tracked = TrackedValue("generation")
    backend.set("generation", "one", None)
    with mock.patch.object(redis.Redis, "from_url", side_effect=redis.ConnectionError("down")):
        tracked.get(backend)
        time.sleep(0.1)
        assert not tracked._listening
        assert reads_of(backend, tracked) == 1
        assert reads_of(backend, tracked) == 1


def test_other_backends_are_read_every_time():
    from django.core.cache.backends.locmem import LocMemCache

    local = LocMemCache("tracked-test", {})
    local.set("generation", "x")
    tracked = TrackedValue("generation")
    assert tracked.get(local) == "x"
    local.set("generation", "y")
    assert tracked.get(local) == "y"


def test_a_redis_that_refuses_tracking_is_read_every_time_with_one_warning(backend, caplog):
    tracked = TrackedValue("generation")
    backend.set("generation", "one", None)
    real_from_url = redis.Redis.from_url

    def refusing(*args, **kwargs):
        client = real_from_url(*args, **kwargs)
        connection = client.connection_pool.get_connection()
        original = connection.send_command

        def send_command(*command, **options):
            if command[:2] == ("CLIENT", "TRACKING"):
                command = ("CLIENT", "NO-SUCH-SUBCOMMAND")
            return original(*command, **options)

        connection.send_command = send_command
        client.connection_pool.get_connection = lambda *a, **k: connection
        return client

    with (
        caplog.at_level("WARNING", logger="cms.cache"),
        mock.patch.object(redis.Redis, "from_url", side_effect=refusing),
    ):
        tracked.get(backend)
        assert wait_until(lambda: "refuses client tracking" in caplog.text)
    assert caplog.text.count("refuses client tracking") == 1
    assert not tracked._listening
    assert reads_of(backend, tracked) == 1
