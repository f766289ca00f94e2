"""Structured logs (LOG_FORMAT=json): one JSON object per line, each with the request's id, which
the response echoes in X-Request-ID; no query strings, no request objects."""

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from cms.settings.base import logging_config
from cms.urls import urlpatterns as project_urls

logger = logging.getLogger("campaign.test_request_id")


def noisy(request):
    logger.warning("Something to look into")
    return HttpResponse("ok")


urlpatterns = [path("noisy/", noisy), *project_urls]


@pytest.fixture
def json_log():
    """The LOGGING setting with LOG_FORMAT=json at INFO, writing to a buffer; parsed lines."""
    logging.config.dictConfig(logging_config("INFO", "json"))
    buffer = io.StringIO()
    for handler in logging.getLogger().handlers:
        handler.setStream(buffer)

    def lines() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    yield lines
    logging.config.dictConfig(settings.LOGGING)


@override_settings(ROOT_URLCONF=__name__)
def test_a_line_logged_in_a_view_carries_the_proxys_request_id(json_log, client):
    response = client.get("/noisy/", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")

    assert response["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    [line] = json_log()
    assert line["message"] == "Something to look into"
    assert line["level"] == "WARNING"
    assert line["logger"] == "campaign.test_request_id"
    assert line["request_id"] == response["X-Request-ID"]
    assert "timestamp" in line


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_djangos_own_line_after_the_response_carries_the_generated_id(json_log, client):
    response = client.get("/no/such/path/?email=someone@example.org&token=secret")

    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    not_found = [line for line in json_log() if line["logger"] == "django.request"]
    assert [line["request_id"] for line in not_found] == [request_id]
    assert not_found[0]["status_code"] == 404
    # The query string and the request object stay out of the log.
    text = json.dumps(json_log())
    assert "someone@example.org" not in text
    assert "secret" not in text
    assert "request" not in not_found[0]


@pytest.mark.parametrize(
    "offered",
    ["", "has space", "x" * 129, 'quote"d', "line\nbreak", "someone@example.org", "-leading"],
)
@override_settings(ROOT_URLCONF=__name__)
def test_an_odd_request_id_is_replaced(offered, json_log, client):
    response = client.get("/noisy/", HTTP_X_REQUEST_ID=offered)

    request_id = response["X-Request-ID"]
    assert request_id != offered
    assert len(request_id) == 32
    assert json_log()[0]["request_id"] == request_id


@override_settings(ROOT_URLCONF=__name__)
def test_each_request_has_its_own_id_and_none_outlives_it(json_log, client):
    first = client.get("/noisy/")["X-Request-ID"]
    second = client.get("/noisy/")["X-Request-ID"]
    logger.warning("Between requests")

    assert first != second
    assert [line["request_id"] for line in json_log()] == [first, second, None]


def test_an_unknown_log_format_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT must be text or json"):
        logging_config("INFO", "xml")
