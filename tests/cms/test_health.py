"""Health endpoints (cms/health.py): liveness and readiness for probes and load balancers."""

import logging

import pytest

from cms.storage import media_storage_options

# Ports of this test's range on which nothing listens.
CLOSED_REDIS = "redis://127.0.0.1:8349/0"
CLOSED_S3 = "http://127.0.0.1:8348"


@pytest.fixture
def production_like(settings):
    """Hosts and HTTPS as in production: a probe's Host is the pod's IP address, over HTTP."""
    settings.ALLOWED_HOSTS = ["cms.example.org"]
    settings.SECURE_SSL_REDIRECT = True


def test_liveness_answers_without_the_database(client, production_like):
    # No django_db mark: a query would raise, and the answer would be a 500.
    response = client.get("/health/live/", HTTP_HOST="10.1.2.3:8000")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readiness_checks_database_cache_and_storage(client, production_like):
    response = client.get("/health/ready/", HTTP_HOST="10.1.2.3:8000")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "cache": {"status": "ok"},
            "storage": {"status": "ok"},
        },
    }
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_a_probe_writes_no_log_line(client, caplog):
    with caplog.at_level(logging.DEBUG):
        client.get("/health/live/")
        client.get("/health/ready/")

    assert [record for record in caplog.records if record.levelno >= logging.INFO] == []


@pytest.mark.django_db
def test_an_unreachable_cache_makes_the_process_not_ready(client, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    response = client.get("/health/ready/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["cache"] == {"status": "fail", "error": "ConnectionError"}
    assert body["checks"]["database"] == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    # The error's class only: its message names the host and port.
    assert b"8349" not in response.content
    assert "Readiness check cache failed: ConnectionError" in caplog.text


@pytest.mark.django_db
def test_an_unreachable_object_store_makes_the_process_not_ready(client, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "cms.storage.MediaStorage",
            "OPTIONS": media_storage_options(
                {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": CLOSED_S3}
            ),
        },
    }

    response = client.get("/health/ready/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {
        "status": "fail",
        "error": "EndpointConnectionError",
    }


@pytest.mark.django_db
def test_only_get_and_head_on_the_exact_paths_are_health_checks(client):
    assert client.head("/health/live/").status_code == 200
    assert client.post("/health/live/").status_code != 200
    assert client.get("/health/live").status_code != 200


def test_the_production_cache_gives_up_on_a_silent_redis(monkeypatch):
    """redis-py waits forever by default; the settings bound it, so a probe cannot hang."""
    import importlib
    import sys

    monkeypatch.setenv("REDIS_URL", CLOSED_REDIS)
    sys.modules.pop("cms.settings.base", None)
    try:
        base = importlib.import_module("cms.settings.base")
    finally:
        sys.modules.pop("cms.settings.base", None)

    options = base.CACHES["default"]["OPTIONS"]
    assert 0 < options["socket_connect_timeout"] <= 5
    assert 0 < options["socket_timeout"] <= 5
