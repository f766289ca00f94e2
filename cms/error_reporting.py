"""Optional error reporting to Sentry (or a Sentry-compatible service such as GlitchTip).

Off unless ``SENTRY_DSN`` is set. Reports carry no personal data: ``send_default_pii`` is off
(no user, no IP address, no cookies from the SDK), request bodies and local variables are never
attached, and :func:`scrub_event` strips what remains of the request before an event leaves.
"""

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cms.log_filters import current_request_id, database_details_removed

# Request headers a report keeps; every other one (Cookie, Authorization, X-Forwarded-For,
# Referer, User-Agent...) may identify a person and is dropped.
KEPT_HEADERS = {"accept", "content-length", "content-type", "host", "x-request-id"}


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's ``before_send`` (and ``before_send_transaction``): remove from ``event``, in
    place, the request's cookies, body, query string and environment, every header not in
    ``KEPT_HEADERS``, the query part of its URL and the ``user``, and PostgreSQL's ``DETAIL``
    lines from exception messages; tag it with the request id.
    Returns the event (never drops one)."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS
            }
        if isinstance(request.get("url"), str):
            request["url"] = urlunsplit(urlsplit(request["url"])._replace(query="", fragment=""))
    event.pop("user", None)
    # PostgreSQL's DETAIL lines quote the failing row's values (cms/log_filters.py).
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception, dict) and isinstance(exception.get("value"), str):
            exception["value"] = database_details_removed(exception["value"])
    request_id = current_request_id.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_error_reporting(environ: Mapping[str, str] = os.environ) -> bool:
    """Start the Sentry SDK with its Django integration when ``environ`` has ``SENTRY_DSN``;
    also reads ``SENTRY_TRACES_SAMPLE_RATE`` (0 to 1, default 0: no performance tracing),
    ``SENTRY_ENVIRONMENT`` and ``SENTRY_RELEASE``. Returns whether it started. Called once,
    from the production settings. Raises ``ValueError`` for a sample rate that is no number."""
    dsn = environ.get("SENTRY_DSN", "")
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.strawberry import StrawberryIntegration

    sentry_sdk.init(
        dsn=dsn,
        # The GraphQL view is synchronous (frontend_schema/views.py); said explicitly, as the
        # automatic Strawberry integration otherwise warns that it assumes so.
        integrations=[DjangoIntegration(), StrawberryIntegration(async_execution=False)],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        environment=environ.get("SENTRY_ENVIRONMENT") or None,
        release=environ.get("SENTRY_RELEASE") or None,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
    return True
