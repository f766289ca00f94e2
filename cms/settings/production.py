"""Production: everything from the environment, secure defaults, no start without a secret key.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Optional: REDIS_URL (cache), MEDIA_ROOT,
MEDIA_URL, MEDIA_STORAGE_BACKEND (a dotted storage class, for example an object-store backend),
STATIC_ROOT, CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL, FRONTEND_BASE_URL, SECURE_SSL_REDIRECT,
GRAPHQL_INTROSPECTION (default on), GRAPHQL_GRAPHIQL (default off).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

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

STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# nginx (deploy/) is the one proxy in front: the client's address is the one it appends to
# X-Forwarded-For. Sign-ins and password forms are throttled by that address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# GraphQL: GRAPHQL_INTROSPECTION (read in base.py) and GRAPHQL_GRAPHIQL may be set in the
# environment; the limits are in base.py.
GRAPHQL_GRAPHIQL = env_bool("GRAPHQL_GRAPHIQL", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # 4xx responses and suspicious requests: one line at INFO (cms/log_filters.py).
    "filters": {
        "client_errors_at_info": {
            "()": "cms.log_filters.ClientErrorsAtInfo",
            "level": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_errors_at_info"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
