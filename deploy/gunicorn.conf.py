"""Gunicorn settings for the campaign CMS (``gunicorn --config deploy/gunicorn.conf.py``).

Nothing imports this module; gunicorn reads it. Every value can be changed from the environment
so that the systemd unit and its environment file stay the one place to tune a server.
"""

import multiprocessing
import os

wsgi_app = "cms.wsgi:application"

# nginx talks to gunicorn on loopback; see nginx.conf.example.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Image uploads and renditions can take a while; anything slower than this is a bug.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# Worker recycling is off by default: restarting a worker every ~1,000 requests cut a fast view's
# throughput to 0.4x and pushed its p99 to 1.5 s (each new worker re-imports Django and Wagtail
# and starts with cold caches). Set GUNICORN_MAX_REQUESTS (for example 50000) only to contain a
# leak that has been seen; the jitter keeps workers from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# Gunicorn 25+ opens a control socket for `gunicornc`, by default one path per user
# ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl) that every instance run by that user would share.
# Each instance gets its own path next to its bind address, or none when GUNICORN_CONTROL_SOCKET
# is empty.
_control_socket = os.environ.get(
    "GUNICORN_CONTROL_SOCKET",
    os.path.join(
        os.environ.get("RUNTIME_DIRECTORY", "/tmp"),  # systemd's RuntimeDirectory=
        "campaign-cms-gunicorn-" + bind.replace(":", "-").replace("/", "_") + ".ctl",
    ),
)
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True

# Trust X-Forwarded-* only from the proxy in front (Django reads X-Forwarded-Proto).
# No request-line limit of gunicorn's own (its default, 4,094 bytes, answered a GraphQL GET of a
# realistic page with an HTML 414): the API answers an over-long query string itself, with its
# JSON 414, past GRAPHQL_MAX_REQUEST_BYTES; the proxy in front bounds lines (nginx's
# large_client_header_buffers in deploy/nginx.conf.example).
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", "0"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs go to stdout/stderr, where journald collects them.
accesslog = "-"
# One line per request without personal data: method, path without its query string (which may
# hold search terms or addresses), status, bytes, milliseconds and the request id the CMS gave
# (the same as in its own log lines); no client address, user agent or referrer.
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms request_id=%({x-request-id}o)s"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# With LOG_FORMAT=json, gunicorn's own lines (start-up, workers, access) are JSON objects too, in
# the same shape and with the same UTC timestamps as the application's (cms/log_filters.py), so
# that a log collector parses every line of the process.
if os.environ.get("LOG_FORMAT", "text") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "cms.log_filters.json_formatter"}},
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"level": "WARNING", "handlers": ["error_console"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
                "qualname": "gunicorn.error",
            },
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["console"],
                "propagate": False,
                "qualname": "gunicorn.access",
            },
        },
    }
