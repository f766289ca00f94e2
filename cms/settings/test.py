"""The test suite: fast hashing, in-memory media, the database from DATABASE_URL or SQLite."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "django-insecure-test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="campaign-cms-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="campaign-cms-test-private-")},
    },
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# GraphQL: the production behaviour (see base.py); tests that need another override it.
GRAPHQL_GRAPHIQL = False
# Factories change data without the signals that invalidate the response cache; the caching
# tests turn it on.
GRAPHQL_RESPONSE_CACHE = False

# Serve static files from the apps directly; there is no collectstatic output here.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tasks run inside the request that enqueues them; tests of the queue itself switch to the
# database backend with override_settings and run the worker (`db_worker --batch`).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The tests' webhook receivers listen on 127.0.0.1.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
WEBHOOKS_CONNECT_TIMEOUT = 2
WEBHOOKS_READ_TIMEOUT = 2

# ALTCHA stays on, with a challenge the tests' solver finishes in milliseconds.
ALTCHA_COST = 10
ALTCHA_MAX_COUNTER = 40
