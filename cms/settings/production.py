"""Production: everything from the environment, secure defaults, no start without a secret key.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Optional: REDIS_URL (cache), MEDIA_ROOT,
MEDIA_URL, AWS_STORAGE_BUCKET_NAME and the other AWS_* variables (media on object storage),
LOG_FORMAT (json), SENTRY_DSN (error reporting), STATIC_ROOT, CSRF_TRUSTED_ORIGINS,
WAGTAILADMIN_BASE_URL, FRONTEND_BASE_URL, SECURE_SSL_REDIRECT, GRAPHQL_INTROSPECTION (default
on), GRAPHQL_GRAPHIQL (default off). deploy/README.md lists them all.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from cms.error_reporting import init_error_reporting

from .base import *  # noqa: F403
from .base import env_bool, env_list, logging_config

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production refuses to start without a secret key: set the "
        "SECRET_KEY environment variable to a long random string."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: give a comma-separated list of hosts.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The public forms' proof of work cannot be switched off in production (docs/participation.md).
if not ALTCHA_ENABLED:  # noqa: F405
    raise ImproperlyConfigured(
        "ALTCHA_ENABLED is false: the ALTCHA check of public forms may be turned off only in "
        "development. Remove ALTCHA_ENABLED from the environment."
    )

# TLS is terminated by the proxy in front of the app (see deploy/).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail lets its own preview views be framed by the editor; nothing else may be.
X_FRAME_OPTIONS = "DENY"

# Media: the file system under MEDIA_ROOT, or object storage when AWS_STORAGE_BUCKET_NAME is set
# (base.py, cms/storage.py). Static files: collected, compressed, with hashed names.
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405
    "private": STORAGES["private"],  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# nginx (deploy/) is the one proxy in front: the client's address is the one it appends to
# X-Forwarded-For. Sign-ins and password forms are throttled by that address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# GraphQL: GRAPHQL_INTROSPECTION (read in base.py) and GRAPHQL_GRAPHIQL may be set in the
# environment; the limits are in base.py.
GRAPHQL_GRAPHIQL = env_bool("GRAPHQL_GRAPHIQL", False)

# Plain messages, or one JSON object per line with LOG_FORMAT=json (base.py, deploy/README.md).
LOGGING = logging_config(
    os.environ.get("LOG_LEVEL", "WARNING"), os.environ.get("LOG_FORMAT", "text")
)

# Error reporting to Sentry when SENTRY_DSN is set; without personal data (cms/error_reporting.py).
init_error_reporting(os.environ)
