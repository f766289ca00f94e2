"""Logging filters: a client's mistake is one line at INFO; only server errors carry a traceback.

Django logs every 4xx response at WARNING on ``django.request`` (with the exception's traceback
when one caused it) and every ``SuspiciousOperation`` (a bad Host header, a malformed cookie...)
at ERROR with its traceback on ``django.security.*``. A flood of bad requests then fills the
logs with tracebacks that say nothing about the server.
"""

import logging


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
