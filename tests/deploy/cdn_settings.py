"""Settings of the server and the worker that tests/deploy/test_varnish.py starts: the test
settings with production's task queue (the database, run by ``db_worker``), the response cache
on, and the shared Redis cache when REDIS_URL names one. The purge backend comes from
FRONTEND_CACHE_BACKEND and FRONTEND_CACHE_LOCATION, as in production (cms/settings/base.py)."""

import os

from cms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
GRAPHQL_RESPONSE_CACHE = True
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.DegradingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # One prefix per run: nothing an earlier run stored is found.
            "KEY_PREFIX": os.environ["CACHE_KEY_PREFIX"],
        }
    }
