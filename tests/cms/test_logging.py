"""Client mistakes are one line at INFO in the logs; only server errors carry a traceback.

The issue's case: 12 MB of logs for 15k requests, client mistakes logged at ERROR with full
tracebacks. A flood of bad requests runs through the production logging configuration.
"""

import importlib
import io
import logging
import logging.config
import sys

import pytest
from django.conf import settings
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from cms.urls import urlpatterns as project_urls


def suspicious(request):
    raise SuspiciousOperation("a tampered value")


def bad(request):
    raise BadRequest("not like that")


def broken(request):
    raise RuntimeError("a bug")


def fine(request):
    return HttpResponse("ok")


ROW_DETAIL = (
    'null value in column "campaign_id" of relation "participation_supportersignup" violates '
    "not-null constraint\nDETAIL:  Failing row contains (13, Secret Person Name, "
    "secret.person@example.org, DE)."
)


def failing_insert(request):
    from django.db import IntegrityError

    raise IntegrityError(ROW_DETAIL)


urlpatterns = [
    path("suspicious/", suspicious),
    path("bad/", bad),
    path("broken/", broken),
    path("fine/", fine),
    path("failing-insert/", failing_insert),
    *project_urls,
]


@pytest.fixture(params=["WARNING", "INFO"], ids=["default level", "LOG_LEVEL=INFO"])
def production_log(request, monkeypatch):
    """The production settings' LOGGING, writing to a buffer; the level as LOG_LEVEL says."""
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "cms.example.org")
    monkeypatch.setenv("LOG_LEVEL", request.param)
    sys.modules.pop("cms.settings.production", None)
    production = importlib.import_module("cms.settings.production")
    sys.modules.pop("cms.settings.production", None)
    logging.config.dictConfig(production.LOGGING)
    buffer = io.StringIO()
    for handler in logging.getLogger().handlers:
        handler.setStream(buffer)
    yield request.param, buffer
    logging.config.dictConfig(settings.LOGGING)


BAD_BODIES = [
    "{bad json",
    '{"query": "{ nosuchfield }"}',
    '{"query": "{ node(id: \\"bad\\") { id } }"}',
    '{"query": "{ campaigns(locale: \\"xx\\") { title } }"}',
    '[{"query": "{ __typename }"}]',
    '{"query": "{ campaigns { "}',
    '{"variables": 3}',
    "",
]


@override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["cms.example.org", "testserver"])
def test_a_flood_of_client_mistakes_logs_no_traceback(production_log, campaign_tree, client):
    level, buffer = production_log
    requests = 0
    for _ in range(20):
        for body in BAD_BODIES:
            client.post("/graphql/", body, content_type="application/json")
            requests += 1
        client.get("/graphql/", {"query": "{ nosuch }"}, HTTP_ACCEPT="application/json")
        client.put("/graphql/")
        client.get("/no/such/page/")
        client.get("/documents/99999/x.pdf")
        client.get("/suspicious/")
        client.get("/bad/")
        client.get("/fine/", HTTP_HOST="attacker.example")  # DisallowedHost
        requests += 7

    log = buffer.getvalue()
    assert "Traceback" not in log
    if level == "WARNING":
        assert log == ""
    else:
        lines = log.splitlines()
        # At most one line per mistake and layer (Django's response, strawberry's error).
        assert 0 < len(lines) <= 2 * requests
        assert all(len(line) < 300 for line in lines)
        assert "Bad Request: /graphql/" in log and "Invalid HTTP_HOST header" in log


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_still_logs_its_traceback(production_log, db, client):
    level, buffer = production_log
    client.raise_request_exception = False

    assert client.get("/broken/").status_code == 500

    log = buffer.getvalue()
    assert "Internal Server Error: /broken/" in log
    assert "Traceback" in log and "RuntimeError: a bug" in log


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("log_format", ["text", "json"])
def test_database_row_values_never_reach_the_log(production_log, db, client, log_format):
    """PostgreSQL's DETAIL line quotes the failing row: a supporter's name and address."""
    from cms.settings.base import logging_config

    level, buffer = production_log
    logging.config.dictConfig(logging_config(level, log_format))
    for handler in logging.getLogger().handlers:
        handler.setStream(buffer)
    client.raise_request_exception = False
    assert client.get("/failing-insert/").status_code == 500
    logging.getLogger("cms.test").error("Saving failed: %s", ROW_DETAIL)

    log = buffer.getvalue()
    assert "Traceback" in log and "IntegrityError" in log
    assert "Secret Person" not in log and "secret.person" not in log
    assert "DETAIL: (removed" in log


def test_error_reports_carry_no_database_row_values():
    from cms.error_reporting import scrub_event

    event = {"exception": {"values": [{"type": "IntegrityError", "value": ROW_DETAIL}]}}
    scrub_event(event)
    assert "secret.person" not in str(event) and "Secret Person" not in str(event)


@pytest.mark.parametrize("debug", [True, False], ids=["development", "production"])
def test_each_record_is_written_once(debug, settings):
    """Django's DEFAULT_LOGGING adds a console handler to "django" when DEBUG is on."""
    from django.utils.log import configure_logging

    from cms.settings.base import logging_config

    settings.DEBUG = debug
    buffer = io.StringIO()
    try:
        configure_logging("logging.config.dictConfig", logging_config("INFO", "text"))
        for logger in (logging.getLogger(), logging.getLogger("django")):
            for handler in logger.handlers:
                if hasattr(handler, "setStream"):
                    handler.setStream(buffer)
        logging.getLogger("django.request").warning("Bad Request: /graphql/")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    assert buffer.getvalue().count("Bad Request: /graphql/") == 1
