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

# Recycle workers now and then so that slow leaks never add up.
max_requests = 1000
max_requests_jitter = 100

# Trust X-Forwarded-* only from the proxy in front (Django reads X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs go to stdout/stderr, where journald collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
