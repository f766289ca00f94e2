"""Logging filters: a client's mistake is one line at INFO; only server errors carry a traceback.

Django logs every 4xx response at WARNING on ``django.request`` (with the exception's traceback
when one caused it) and every ``SuspiciousOperation`` (a bad Host header, a malformed cookie...)
at ERROR with its traceback on ``django.security.*``. A flood of bad requests then fills the
logs with tracebacks that say nothing about the server.
"""

import logging
from contextvars import ContextVar


class ClientErrorsAtInfo(logging.Filter):
    """Rewrite records about 4xx responses (``status_code`` 400–499, as Django's
    ``log_response`` gives it) to INFO without ``exc_info``, so that they are one line; records
    of 5xx responses and anything else pass unchanged. A rewritten record is dropped when
    ``level`` (the handler's level, a name such as ``"WARNING"``: loggers and handlers check
    levels before filters run) is above INFO."""

    def __init__(self, level: str = "INFO"):
        super().__init__()
        self.level = logging.getLevelName(level.upper()) if isinstance(level, str) else level

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        record.levelno, record.levelname = logging.INFO, "INFO"
        record.exc_info = record.exc_text = None
        record.stack_info = None
        return self.level <= logging.INFO


# The id of the request being handled in this thread or task (cms.middleware.RequestIdMiddleware).
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


class RequestId(logging.Filter):
    """Give every record a ``request_id``: the id of the request being handled
    (``current_request_id``), else that of the request a record names (Django's
    ``django.request`` records carry it as ``record.request`` and are written after the
    middleware has returned), else ``None``. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id is None:
            request_id = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id
        return True


# Attributes of Django's records that are objects, not facts: ``request`` would be written as its
# repr, which holds the query string; ``server_time`` is runserver's.
UNLOGGED_ATTRIBUTES = ("request", "server_time")


def json_formatter() -> logging.Formatter:
    """A formatter (python-json-logger) writing each record as one JSON object on one line:
    ``timestamp`` (ISO 8601, UTC), ``level``, ``logger``, ``message``, ``request_id`` (from
    :class:`RequestId`), ``exc_info`` (the traceback, when there is one) and the record's extra
    fields, such as ``status_code``; never the request object (see ``UNLOGGED_ATTRIBUTES``).
    For ``LOG_FORMAT=json`` (the ``LOGGING`` setting)."""
    from pythonjsonlogger.core import RESERVED_ATTRS
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        "{levelname}{name}{message}{request_id}",
        style="{",
        rename_fields={"levelname": "level", "name": "logger"},
        reserved_attrs=[*RESERVED_ATTRS, *UNLOGGED_ATTRIBUTES],
        timestamp=True,
    )
