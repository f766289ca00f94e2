"""Optional error reporting (cms/error_reporting.py): Sentry only with SENTRY_DSN, and reports
without personal data.

The SDK patches Django when it starts, so the cases that start it run in a fresh interpreter
with the production settings.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from cms.error_reporting import init_error_reporting, scrub_event
from cms.log_filters import current_request_id

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# A DSN to a closed port of this test's range: nothing is ever delivered.
DSN = "http://public@127.0.0.1:8347/1"

REPORT_CLIENT = """
import json
import django
django.setup()
import sentry_sdk
client = sentry_sdk.get_client()
options = client.options
print(json.dumps({
    "active": client.is_active(),
    "send_default_pii": options.get("send_default_pii"),
    "before_send": getattr(options.get("before_send"), "__qualname__", None),
    "traces_sample_rate": options.get("traces_sample_rate"),
    "include_local_variables": options.get("include_local_variables"),
    "max_request_body_size": options.get("max_request_body_size"),
    "integrations": sorted(client.integrations),
}))
"""


def sentry_in_production(**env: str) -> dict:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("SENTRY_") and name != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="cms.example.org",
        **env,
    )
    result = subprocess.run(
        [sys.executable, "-c", REPORT_CLIENT],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_dsn_nothing_is_started():
    assert init_error_reporting({}) is False
    assert sentry_in_production()["active"] is False


def test_with_a_dsn_sentry_starts_with_django_and_without_personal_data():
    client = sentry_in_production(SENTRY_DSN=DSN, SENTRY_TRACES_SAMPLE_RATE="0.25")

    assert client["active"] is True
    assert {"django", "strawberry"} <= set(client["integrations"])
    assert client["send_default_pii"] is False
    assert client["include_local_variables"] is False
    assert client["max_request_body_size"] == "never"
    assert client["before_send"] == "scrub_event"
    assert client["traces_sample_rate"] == 0.25


def event_with_a_request() -> dict:
    return {
        "message": "boom",
        "request": {
            "url": "https://cms.example.org/admin/pages/?q=someone@example.org",
            "method": "POST",
            "query_string": "q=someone@example.org",
            "cookies": {"sessionid": "abc"},
            "data": {"email": "someone@example.org"},
            "env": {"REMOTE_ADDR": "203.0.113.7"},
            "headers": {
                "Cookie": "sessionid=abc",
                "Authorization": "Bearer token",
                "X-Forwarded-For": "203.0.113.7",
                "User-Agent": "Firefox",
                "Content-Type": "application/json",
                "X-Request-ID": "abc123",
            },
        },
        "user": {"ip_address": "203.0.113.7", "email": "someone@example.org"},
    }


def test_before_send_strips_cookies_body_query_and_identifying_headers():
    token = current_request_id.set("abc123")
    try:
        event = scrub_event(event_with_a_request(), {})
    finally:
        current_request_id.reset(token)

    assert event["request"] == {
        "url": "https://cms.example.org/admin/pages/",
        "method": "POST",
        "headers": {"Content-Type": "application/json", "X-Request-ID": "abc123"},
    }
    assert "user" not in event
    assert "someone@example.org" not in json.dumps(event)
    assert "203.0.113.7" not in json.dumps(event)
    assert event["tags"]["request_id"] == "abc123"


def test_before_send_keeps_an_event_without_a_request():
    assert scrub_event({"message": "a task failed"}, {}) == {"message": "a task failed"}
