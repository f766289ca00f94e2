"""The benchmark's server (``make bench``): production settings plus Wagtail's REST API v2.

Wagtail's API v2 is served here only, so that the benchmark can compare the GraphQL API with it
on the same data and the same server; no other settings module enables it. The extra URLs
(``/api/v2/`` and a plain view) are in ``cms/bench/urls.py``.

Read from the environment like production; where production would refuse to start, the
benchmark supplies a loopback-only value: ALLOWED_HOSTS (127.0.0.1, localhost), SECRET_KEY (a
random key made by the process that starts the benchmark and inherited by its gunicorn workers,
so that every worker signs the same image URLs), DATABASE_URL (SQLite in .bench/, never the
development database). TLS redirects are off: the benchmark talks plain HTTP on loopback.
"""

import os
import secrets
from pathlib import Path

BENCH_DIR = Path(os.environ.get("BENCH_DIR", Path(__file__).resolve().parents[2] / ".bench"))

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(48))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DIR / 'db.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "media"))
# Connections kept for a minute, as the production ConfigMap does (deploy/k8s/configmap.yaml;
# without PgBouncer): both APIs would otherwise open a database connection per request.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
# Nothing the benchmark requests uses static files; the folder only has to exist (WhiteNoise).
os.environ.setdefault("STATIC_ROOT", str(BENCH_DIR / "static"))

from .production import *  # noqa: E402, F403
from .production import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "rest_framework"]
ROOT_URLCONF = "cms.bench.urls"
SECURE_SSL_REDIRECT = False
# The organisations of the home page are one request of 100 (Wagtail's default limit is 20).
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = "http://127.0.0.1"
