"""Logging filters: a client's mistake is one line at INFO; only server errors carry a traceback.

Django logs every 4xx response at WARNING on ``django.request`` (with the exception's traceback
when one caused it) and every ``SuspiciousOperation`` (a bad Host header, a malformed cookie...)
at ERROR with its traceback on ``django.security.*``. A flood of bad requests then fills the
logs with tracebacks that say nothing about the server.
"""

import logging
import re
from contextvars import ContextVar

# PostgreSQL's error details quote the values of the row or key: "DETAIL:  Failing row contains
# (13, Ada Lovelace, ada@example.org, ...)." or "DETAIL:  Key (email)=(ada@example.org) already
# exists." Sign-ups hold personal data, so no detail line reaches a log or an error report.
_DATABASE_DETAIL = re.compile(r"DETAIL:[^\n]*")
DATABASE_DETAIL_REMOVED = "DETAIL: (removed: it quotes the row's values)"


def database_details_removed(text: str) -> str:
    """``text`` with every PostgreSQL ``DETAIL:`` line (which quotes row values) replaced."""
    return _DATABASE_DETAIL.sub(DATABASE_DETAIL_REMOVED, text)


class DatabaseDetailsRemoved(logging.Filter):
    """Remove PostgreSQL's ``DETAIL:`` lines, which quote the values of the failing row, from a
    record's message. Never drops a record. Tracebacks are the formatters' part
    (:class:`TextFormatter`, :func:`json_formatter`): the record's ``exc_info`` stays whole for
    other handlers."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "DETAIL:" in message:
            record.msg, record.args = database_details_removed(message), None
        return True


class TextFormatter(logging.Formatter):
    """The plain ``%(message)s`` format, with PostgreSQL's ``DETAIL:`` lines removed from
    tracebacks."""

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        return database_details_removed(super().formatException(ei))


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
    fields, such as ``status_code``; never the request object (see ``UNLOGGED_ATTRIBUTES``), and
    tracebacks without PostgreSQL's ``DETAIL:`` lines.
    For ``LOG_FORMAT=json`` (the ``LOGGING`` setting)."""
    from pythonjsonlogger.core import RESERVED_ATTRS
    from pythonjsonlogger.json import JsonFormatter

    class Formatter(JsonFormatter):
        def formatException(self, ei) -> str:  # noqa: N802 - logging's name
            return database_details_removed(super().formatException(ei))

    return Formatter(
        "{levelname}{name}{message}{request_id}",
        style="{",
        rename_fields={"levelname": "level", "name": "logger"},
        reserved_attrs=[*RESERVED_ATTRS, *UNLOGGED_ATTRIBUTES],
        timestamp=True,
    )
