"""Local development: debug on, a fixed throw-away secret, every host allowed on loopback."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-never-use-this-key-in-production-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# GraphQL: the IDE, suggestions and full error messages while developing.
GRAPHQL_GRAPHIQL = True
GRAPHQL_FIELD_SUGGESTIONS = True
GRAPHQL_MASK_ERRORS = False

# Serve static files from the apps directly; there is no collectstatic output here.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Any local front end (Next.js on :3000, Astro on :4321...) may call the API.
CORS_ALLOW_ALL_ORIGINS = True

# Webhook receivers under development listen on this machine.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", True)  # noqa: F405
