"""The Redis cache answers a miss, not an error, while Redis is unreachable (cms/cache.py)."""

import logging

import pytest
from redis.exceptions import RedisError

from cms.cache import DegradingRedisCache


@pytest.fixture
def unreachable():
    # A closed port on loopback: every operation fails to connect at once.
    return DegradingRedisCache(
        "redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.5}}
    )


def test_operations_answer_like_a_miss_and_log_without_the_key(unreachable, caplog):
    with caplog.at_level(logging.WARNING, logger="cms.cache"):
        assert unreachable.get("person@example.org", "fallback") == "fallback"
        assert unreachable.get_many(["a", "b"]) == {}
        assert unreachable.set("a", 1) is None
        assert unreachable.add("a", 1) is False
        assert unreachable.delete("a") is False
        with pytest.raises(ValueError):
            unreachable.incr("a")
    assert caplog.records
    assert all("person@example.org" not in record.getMessage() for record in caplog.records)


def test_the_readiness_probe_still_sees_the_error(unreachable):
    with pytest.raises(RedisError):
        unreachable.strict_get("probe")
