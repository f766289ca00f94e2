"""Settings shared by every environment.

Everything that differs between machines is read from the environment, so that the same code runs
on a laptop (SQLite, no variables set) and in production (PostgreSQL, Redis, secrets).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSTALLED_APPS = [
    # Before campaign, whose ready() replaces its automatic-redirect signal handlers.
    "wagtail.contrib.redirects",
    "campaign",
    "partners",
    "participation",
    "frontend_schema",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "strawberry_django",
    "corsheaders",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # The request's id first, so that every log line has it; then the health endpoints, which
    # answer before host checks, HTTPS redirects, sessions and throttles (cms/health.py).
    "cms.middleware.RequestIdMiddleware",
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "frontend_schema.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "campaign.middleware.PublicRedirectMiddleware",
    # Security headers and throttles (cms/middleware.py); AxesMiddleware last, as django-axes asks.
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
    "cms.middleware.PasswordFormThrottleMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"


def database_config(url: str | None, *, conn_max_age: int = 0) -> dict:
    """Django's ``DATABASES["default"]`` for ``url`` (a ``DATABASE_URL``); SQLite when empty.

    SQLite serves the web server and the task worker at once in development (``make run``): it
    gets WAL (readers never wait for the writer), IMMEDIATE transactions (a transaction takes the
    write lock when it begins, so two writers queue instead of one failing with "database is
    locked" when it upgrades its read lock) and a 20-second busy timeout.

    Raises ``ImproperlyConfigured`` when ``url`` is not a database URL Django can use.
    """
    url = (url or "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
    except ValueError as error:
        config = {}
        reason = str(error)
    else:
        reason = "no database engine is known for it"
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL Django can use ({reason}). Give one such as "
            "postgres://user:password@host:5432/name, or leave it unset for SQLite."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL;"
        )
    return config


# SQLite is the embedded default; DATABASE_URL=postgres://... switches to PostgreSQL.
DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# A kept connection is tested before reuse, so a database restart or failover costs no request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"].get("CONN_MAX_AGE", 0) > 0
# Behind PgBouncer in transaction mode, server-side cursors (used by .iterator()) break: a
# cursor's transaction may continue on another server connection (deploy/README.md, "Sizing").
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", False
)
# A database server that does not answer fails a request (and the readiness check) after this
# many seconds instead of the operating system's TCP timeout of minutes.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the admin and the content are available in these languages. Editors
# translate a page into another locale with wagtail.contrib.simple_translation.
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("it", _("Italian")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Files that are personal data until a moderator decides on them (organisations' logos
    # while their application is open): outside MEDIA_ROOT, so no URL ever serves them; the
    # admin streams them to the "Data protection" group (participation/wagtail_hooks.py).
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media"))
        },
    },
}
# Media on S3-compatible object storage (django-storages), switched on by a bucket name: public
# images and renditions, private documents (cms/storage.py; deploy/README.md, "Object storage").
# Images are then not under MEDIA_URL; the Content-Security-Policy allows their origin instead.
MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/", 3)[:3]) if "://" in MEDIA_URL else ""
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    from cms.storage import media_public_origin, media_storage_options

    STORAGES["default"] = {
        "BACKEND": "cms.storage.MediaStorage",
        "OPTIONS": media_storage_options(os.environ),
    }
    MEDIA_ORIGIN = media_public_origin(STORAGES["default"]["OPTIONS"])
    # The same bucket under private/, written with the private ACL, read by presigned URLs only.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "/".join(
                part for part in (os.environ.get("AWS_LOCATION", ""), "private") if part
            ),
            "default_acl": "private" if STORAGES["default"]["OPTIONS"]["default_acl"] else None,
            "querystring_auth": True,
            "custom_domain": None,
        },
    }

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "cms.cache.DegradingRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "campaign-cms"),
        # Seconds before a Redis that does not answer counts as down (redis-py waits forever
        # by default), for requests and the readiness check (cms/health.py) alike.
        "OPTIONS": {
            "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "1")),
            "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "2")),
        },
    }

# Background tasks (Django's tasks framework, django-tasks): webhook deliveries, cache purges,
# image renditions, Wagtail's own reference index. The embedded default keeps the queue in the
# database, run by `manage.py db_worker` (started by `make run`). TASKS_BACKEND=rq switches to a
# Redis queue (django-tasks-rq, `manage.py rqworker default`) on REDIS_URL; TASKS_BACKEND=immediate
# runs each task inside the request that enqueues it (no worker; tests).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    INSTALLED_APPS.append("django_rq")
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Page editors can hold many StreamField blocks and inline rows.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Largest request body Django accepts outside file uploads (GraphQL documents included).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024))

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Campaign CMS")
# No avatars from Gravatar: each would send a hash of an editor's email address to a third party
# on every admin page. Editors can upload an avatar in their account settings.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's "database" backend (PostgreSQL full-text search, or SQLite FTS5), extended so that on
# PostgreSQL each content language has its own text search configuration: accents and case
# ignored, the language's stemmer applied. The configurations are created by the migration
# campaign.0009_search_text_configurations; every language in LANGUAGES needs one here.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "campaign.search_backend",
        "SEARCH_CONFIGS": {
            "en": "campaign_english",
            "de": "campaign_german",
            "fr": "campaign_french",
            "it": "campaign_italian",
        },
        # Languages without an entry above, and autocomplete (which must not stem).
        "SEARCH_CONFIG": "campaign_simple",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Documents are always served through Wagtail's document view (/documents/<id>/<file>), which
# checks their collection's privacy, never by a redirect to their file under MEDIA_URL: the
# media folder's documents/ is not served at all (cms/urls.py, deploy/nginx.conf.example).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILDOCS_MAX_UPLOAD_SIZE", 10 * 1024 * 1024))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(
    os.environ.get("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
TAGGIT_CASE_INSENSITIVE = True

# --- GraphQL endpoint (/graphql/) -------------------------------------------------------------
# Limits for a public endpoint; each answers with a clear error (docs/graphql-endpoint.md).
# Page sizes are limited separately, in frontend_schema/pagination.py.
GRAPHQL_MAX_DEPTH = 12  # nesting of fields in an operation; introspection fields not counted
GRAPHQL_MAX_ALIASES = 30  # aliases in a document
GRAPHQL_MAX_TOKENS = 5000  # tokens in a document; the parser stops at the limit
GRAPHQL_MAX_DIRECTIVES = 20  # directives in a document
GRAPHQL_MAX_ERRORS = 20  # errors in a response: validation stops there, execution's are cut
GRAPHQL_MAX_REQUEST_BYTES = 100_000  # a POST body, or a GET query string
GRAPHQL_DOCUMENT_CACHE_SIZE = 1000  # parsed and validated documents kept per process
# ... and the characters of their texts together (a parsed document takes ~120 bytes per character)
GRAPHQL_DOCUMENT_CACHE_BYTES = 500_000
# The most an operation may cost: fields its answer may hold, lists counted at their page size or
# estimate (frontend_schema/cost.py). Refused before execution with QUERY_TOO_COMPLEX above it.
GRAPHQL_MAX_COST = 50_000
# The formats a background task renders for every preset of a page's images when it is published
# (frontend_schema/tasks.py); other formats are rendered on their first fetch.
IMAGE_PRERENDER_FORMATS = ["webp"]
GRAPHQL_INTROSPECTION = env_bool("GRAPHQL_INTROSPECTION", True)
GRAPHQL_FIELD_SUGGESTIONS = False  # "Did you mean ...?" in errors reveals the schema
GRAPHQL_MASK_ERRORS = True  # unexpected errors read "Unexpected error." (logged in full)
GRAPHQL_GRAPHIQL = False  # the in-browser IDE on GET /graphql/
# Automatic persisted queries (Apollo's protocol): documents sent once with their SHA-256 hash are
# kept in the "default" cache for this many seconds, and later requests may send the hash alone.
GRAPHQL_PERSISTED_QUERIES = env_bool("GRAPHQL_PERSISTED_QUERIES", True)
GRAPHQL_PERSISTED_QUERIES_TIMEOUT = int(
    os.environ.get("GRAPHQL_PERSISTED_QUERIES_TIMEOUT", 60 * 60 * 24 * 7)
)
# Only documents registered with `manage.py register_trusted_documents` run (an allow-list).
GRAPHQL_TRUSTED_DOCUMENTS_ONLY = env_bool("GRAPHQL_TRUSTED_DOCUMENTS_ONLY", False)
# --- end of GraphQL endpoint --------------------------------------------------------------------

# The URL of the public front end, used to build page URLs and canonical links in the API.
FRONTEND_BASE_URL = os.environ.get("FRONTEND_BASE_URL", "")


def logging_config(level: str, log_format: str) -> dict:
    """The ``LOGGING`` setting: everything to the console (stderr) at ``level`` (a level name),
    each record with the request's id (cms/log_filters.py), as plain messages or, with
    ``log_format`` ``"json"``, as one JSON object per line. Raises ImproperlyConfigured for
    another format than ``"text"`` or ``"json"``."""
    if log_format not in {"text", "json"}:
        raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {log_format!r}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "cms.log_filters.RequestId"},
            "database_details": {"()": "cms.log_filters.DatabaseDetailsRemoved"},
            # 4xx responses and suspicious requests: one line at INFO (cms/log_filters.py).
            "client_errors_at_info": {"()": "cms.log_filters.ClientErrorsAtInfo", "level": level},
        },
        "formatters": {
            "text": {"()": "cms.log_filters.TextFormatter", "format": "%(message)s"},
            "json": {"()": "cms.log_filters.json_formatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id", "client_errors_at_info", "database_details"],
                "formatter": log_format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's DEFAULT_LOGGING gives "django" its own console handler when DEBUG is on;
            # with the root's, every line would be written twice.
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.db.backends": {"level": "WARNING"},
            # Wagtail logs every page action and django-tasks every background task at INFO.
            "wagtail": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            # "Found credentials in environment variables." once per process.
            "botocore": {"level": "WARNING"},
        },
    }


LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"), os.environ.get("LOG_FORMAT", "text"))

# Cross-origin requests: browsers on the front end's origins may call the GraphQL endpoint (and
# nothing else). CORS_ALLOWED_ORIGINS is a comma-separated list such as
# "https://reclaimyourface.eu,https://www.reclaimyourface.eu".
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/graphql/?$"
CORS_ALLOW_METHODS = ["GET", "POST", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 86400

# Successful GET responses of the API may be cached by browsers and CDNs for this many seconds.
GRAPHQL_GET_MAX_AGE = int(os.environ.get("GRAPHQL_GET_MAX_AGE", "60"))
# Shared caches (CDNs) may keep them this long (s-maxage; unset: as long as browsers), and serve
# them stale for GRAPHQL_STALE_WHILE_REVALIDATE seconds more while fetching a fresh one. Publishing
# purges a CDN's copies by cache tag (WAGTAILFRONTENDCACHE below), so s-maxage may be long.
GRAPHQL_GET_S_MAXAGE = (
    int(os.environ["GRAPHQL_GET_S_MAXAGE"]) if os.environ.get("GRAPHQL_GET_S_MAXAGE") else None
)
GRAPHQL_STALE_WHILE_REVALIDATE = int(os.environ.get("GRAPHQL_STALE_WHILE_REVALIDATE", "0"))
# Cache-Tag / Surrogate-Key headers longer than this name models instead of objects (Cloudflare
# and Fastly accept 16 KB; leave room for the rest of the headers).
GRAPHQL_CACHE_TAGS_MAX_BYTES = int(os.environ.get("GRAPHQL_CACHE_TAGS_MAX_BYTES", "8000"))
# The response cache: public answers kept in the default cache for this many seconds, dropped
# when a page or snippet they hold changes (docs/graphql-endpoint.md "Caching").
GRAPHQL_RESPONSE_CACHE = env_bool("GRAPHQL_RESPONSE_CACHE", default=True)
GRAPHQL_RESPONSE_CACHE_TIMEOUT = int(os.environ.get("GRAPHQL_RESPONSE_CACHE_TIMEOUT", "300"))
# Each worker process also keeps copies of the entries it served last, up to this many bytes of
# answers (an answer over a tenth of it is not kept): a hit then reads at most one short key from
# the shared cache (with Redis 6+, none) instead of the whole answer. 0 turns the copies off.
GRAPHQL_RESPONSE_CACHE_LOCAL_BYTES = int(
    os.environ.get("GRAPHQL_RESPONSE_CACHE_LOCAL_BYTES", str(16 * 1024 * 1024))
)

# Purging CDN copies on publish, unpublish, move and delete (wagtail.contrib.frontend_cache, run
# by the task queue): by cache tag where the CDN supports it, by URL otherwise.
# FRONTEND_CACHE_BACKEND is cloudflare, cloudfront or http (Varnish, nginx, any PURGE-aware cache).
FRONTEND_CACHE_BACKEND = os.environ.get("FRONTEND_CACHE_BACKEND", "")
_frontend_cache_hostnames = env_list("FRONTEND_CACHE_HOSTNAMES")
if FRONTEND_CACHE_BACKEND == "cloudflare":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "frontend_schema.frontend_cache.CloudflareBackend",
            "BEARER_TOKEN": os.environ.get("CLOUDFLARE_BEARER_TOKEN", ""),
            "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
        }
    }
elif FRONTEND_CACHE_BACKEND == "cloudfront":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "frontend_schema.frontend_cache.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ.get("CLOUDFRONT_DISTRIBUTION_ID", ""),
        }
    }
elif FRONTEND_CACHE_BACKEND == "http":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "frontend_schema.frontend_cache.HTTPBackend",
            "LOCATION": os.environ.get("FRONTEND_CACHE_LOCATION", "http://127.0.0.1:8000"),
            "TAG_HEADER": os.environ.get("FRONTEND_CACHE_TAG_HEADER", "xkey-purge"),
        }
    }
elif FRONTEND_CACHE_BACKEND:
    raise ImproperlyConfigured(
        "FRONTEND_CACHE_BACKEND must be cloudflare, cloudfront or http, not "
        f"{FRONTEND_CACHE_BACKEND!r}."
    )
if FRONTEND_CACHE_BACKEND and _frontend_cache_hostnames:
    WAGTAILFRONTENDCACHE["default"]["HOSTNAMES"] = _frontend_cache_hostnames

# Headless preview: the admin's preview sends editors to the front end with a token, and the front
# end renders `preview(token:)` from the API. Without FRONTEND_PREVIEW_URL the admin shows a plain
# built-in preview instead. Tokens (and the stored drafts) expire after PREVIEW_TOKEN_MAX_AGE.
FRONTEND_PREVIEW_URL = os.environ.get("FRONTEND_PREVIEW_URL", "")
PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", str(60 * 60)))

# --- Webhooks (partners app; docs/partners.md#webhooks) -----------------------------------------
# Targets on private, loopback, link-local or reserved addresses are refused unless this is on
# (development with a local receiver; the tests).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", False)
WEBHOOKS_CONNECT_TIMEOUT = float(os.environ.get("WEBHOOKS_CONNECT_TIMEOUT", "5"))  # seconds
WEBHOOKS_READ_TIMEOUT = float(os.environ.get("WEBHOOKS_READ_TIMEOUT", "10"))  # seconds
# Seconds before each retry after a failed first attempt (27 h 36 min in all), then it has failed.
WEBHOOKS_RETRY_SCHEDULE = [60, 300, 1800, 7200, 18000, 36000, 36000]
# A subscription is deactivated (and administrators emailed) after this many deliveries in a row
# failed after every retry.
WEBHOOKS_DISABLE_AFTER_FAILURES = int(os.environ.get("WEBHOOKS_DISABLE_AFTER_FAILURES", "5"))
# --- end of webhooks ----------------------------------------------------------------------------
# --- Sign-in throttling ---------------------------------------------------------------------------
# django-axes locks a user name out from one IP address after AXES_FAILURE_LIMIT wrong passwords,
# for AXES_COOLOFF_TIME (the admin's sign-in and every other login form). Behind proxies, set
# TRUSTED_PROXY_COUNT (production.py) so that the client's address is read from
# X-Forwarded-For (cms.middleware.client_ip_address). `manage.py axes_reset_username <name>`
# unlocks an account early.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.middleware.admin_locked_out"
AXES_CLIENT_IP_CALLABLE = "cms.middleware.client_ip_address"
# No user names or addresses in the logs.
AXES_VERBOSE = False
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Wagtail's page and document password forms (cms.middleware.PasswordFormThrottleMiddleware).
PASSWORD_FORM_FAILURE_LIMIT = 5
PASSWORD_FORM_COOLOFF = 15 * 60  # seconds

# --- Content-Security-Policy and Permissions-Policy (django-csp; cms/middleware.py) ---------------
# Strict by default: the API, the landing page, the docs, documents and Wagtail's page URLs load
# nothing but what a view allows (the landing page and page templates: their own inline style,
# by nonce; images from the media URL). The admin gets CONTENT_SECURITY_POLICY_PATHS["/admin/"].
# A view chooses its own policy with django-csp's decorators (csp, csp_replace, csp_update), for
# example an embeddable widget: @csp_replace({"frame-ancestors": ["*"]}) with
# @xframe_options_exempt.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "base-uri": [NONE],
        "form-action": [NONE],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY_PATHS = {
    # Wagtail's admin (checked in chromium: sign-in, dashboard, page editor, choosers, preview):
    # its scripts, styles, fonts and icons from static files; inline scripts (StreamField and
    # panel set-up, Wagtail has no nonces) and inline styles; images from the media storage,
    # data: and blob: URLs (upload previews); the
    # update check on releases.wagtail.org; page previews framed by the admin itself.
    "/admin/": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [
            SELF,
            "data:",
            "blob:",
            *([MEDIA_ORIGIN] if MEDIA_ORIGIN else []),
        ],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-src": [SELF, "https:"],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}
# GraphiQL (GET /graphql/ from a browser, when GRAPHQL_GRAPHIQL is on): its vendored scripts and
# styles (it adds style elements at run time), and requests to the endpoint itself.
CONTENT_SECURITY_POLICY_GRAPHIQL = {
    "default-src": [NONE],
    "script-src": [SELF],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "base-uri": [NONE],
    "form-action": [NONE],
    "frame-ancestors": [NONE],
}
# Added to the strict default for the landing page and for the plain page templates Wagtail's
# page URLs render without FRONTEND_BASE_URL: their one inline style element (by nonce), images
# from the media URL, and embedded videos (frames from HTTPS providers).
CONTENT_SECURITY_POLICY_PAGES = {
    "style-src": [NONCE],
    "img-src": [SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "frame-src": ["https:"],
}
# Browser features no page of this host uses (W3C Permissions Policy).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
}
# --- Partners: feeds and sitemap (docs/partners.md) --------------------------------------------
# Django's sitemaps framework renders /sitemap.xml (partners/sitemaps.py).
INSTALLED_APPS.append("django.contrib.sitemaps")
PARTNERS_FEED_ITEMS = int(os.environ.get("PARTNERS_FEED_ITEMS", "20"))  # newest posts per feed
PARTNERS_FEED_MAX_AGE = int(os.environ.get("PARTNERS_FEED_MAX_AGE", "300"))  # Cache-Control, s
PARTNERS_SITEMAP_LIMIT = 50_000  # URLs per sitemap file (the protocol's maximum); then an index
# --- Partners: embeds, oEmbed, counter JSON (docs/partners.md) ---------------------------------
# Seconds for which browsers and CDNs may keep a widget, an oEmbed answer or the counter JSON
# (each carries an ETag, so a revalidation after that is cheap). A page that stops being public
# can stay visible in caches for up to this long.
PARTNERS_EMBED_MAX_AGE = int(os.environ.get("PARTNERS_EMBED_MAX_AGE", "300"))
# --- Participation: supporters' sign-ups (docs/participation.md) -------------------------------
# The links in emails lead to the front end: FRONTEND_BASE_URL + these paths, with the signed
# token in the `token` query parameter. The front end calls supporterConfirm or the consent
# mutations with it. Without FRONTEND_BASE_URL the links use WAGTAILADMIN_BASE_URL.
PARTICIPATION_CONFIRM_PATH = os.environ.get("PARTICIPATION_CONFIRM_PATH", "/confirm/")
PARTICIPATION_MANAGE_PATH = os.environ.get("PARTICIPATION_MANAGE_PATH", "/my-data/")
# How long a confirmation link works, and a link to manage one's consents (seconds).
PARTICIPATION_CONFIRM_TOKEN_MAX_AGE = int(
    os.environ.get("PARTICIPATION_CONFIRM_TOKEN_MAX_AGE", str(7 * 24 * 3600))
)
PARTICIPATION_MANAGE_TOKEN_MAX_AGE = int(
    os.environ.get("PARTICIPATION_MANAGE_TOKEN_MAX_AGE", str(365 * 24 * 3600))
)
# Unconfirmed sign-ups are deleted this many days after they were made
# (`manage.py participation_retention`, or the task participation.tasks.retention_apply).
PARTICIPATION_UNCONFIRMED_RETENTION_DAYS = int(
    os.environ.get("PARTICIPATION_UNCONFIRMED_RETENTION_DAYS", "14")
)
# Each client (by a hash of its IP address) may send this many participation mutations per
# window (seconds); more are refused until the window ends. Counted on the default cache.
PARTICIPATION_RATE_LIMIT = int(os.environ.get("PARTICIPATION_RATE_LIMIT", "10"))
PARTICIPATION_RATE_WINDOW = int(os.environ.get("PARTICIPATION_RATE_WINDOW", "3600"))
# Seconds before a repeated sign-up of the same address is mailed again (the first sign-up is
# always mailed): the same form sent many times sends one email.
PARTICIPATION_EMAIL_COOLDOWN = int(os.environ.get("PARTICIPATION_EMAIL_COOLDOWN", "600"))
# Contact messages (contactSend) are kept only until the task has emailed them; one that could
# not be sent is deleted by the retention command this many hours after it came in.
PARTICIPATION_CONTACT_RETENTION_HOURS = int(
    os.environ.get("PARTICIPATION_CONTACT_RETENTION_HOURS", "72")
)
# ALTCHA, the proof of work of public forms (participation/protection.py). The challenge asks for
# about ALTCHA_MAX_COUNTER * 3/4 PBKDF2 derivations of ALTCHA_COST iterations each (under a
# second in a browser); it expires after ALTCHA_CHALLENGE_MAX_AGE seconds. ALTCHA_ENABLED=false
# skips the check: only for local front-end development, never in production.
ALTCHA_ENABLED = env_bool("ALTCHA_ENABLED", True)
ALTCHA_COST = int(os.environ.get("ALTCHA_COST", "5000"))
ALTCHA_MAX_COUNTER = int(os.environ.get("ALTCHA_MAX_COUNTER", "400"))
ALTCHA_CHALLENGE_MAX_AGE = int(os.environ.get("ALTCHA_CHALLENGE_MAX_AGE", "1800"))
# --- Participation: organisations' applications (docs/participation.md) ------------------------
# Days an application's personal data (contact person, address, message, logo) is kept after its
# last change, per state: decided (accepted or rejected), and open (pending, or waiting for the
# applicant's answer). `manage.py participation_retention` deletes what is older.
PARTICIPATION_ACCEPTED_APPLICATION_RETENTION_DAYS = int(
    os.environ.get("PARTICIPATION_ACCEPTED_APPLICATION_RETENTION_DAYS", "90")
)
PARTICIPATION_REJECTED_APPLICATION_RETENTION_DAYS = int(
    os.environ.get("PARTICIPATION_REJECTED_APPLICATION_RETENTION_DAYS", "30")
)
PARTICIPATION_OPEN_APPLICATION_RETENTION_DAYS = int(
    os.environ.get("PARTICIPATION_OPEN_APPLICATION_RETENTION_DAYS", "180")
)
# The logo an organisation may upload: formats (Pillow's, by file extension), bytes, and the
# pixel size of each side. Checked before anything is stored.
PARTICIPATION_LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
PARTICIPATION_LOGO_MAX_BYTES = int(os.environ.get("PARTICIPATION_LOGO_MAX_BYTES", 2 * 1024 * 1024))
PARTICIPATION_LOGO_MIN_SIDE = 32
PARTICIPATION_LOGO_MAX_SIDE = 4000
# The largest GraphQL multipart request (a document with files: organisationApply's logo): the
# largest logo, and room for the document and the multipart framing.
GRAPHQL_MAX_UPLOAD_REQUEST_BYTES = PARTICIPATION_LOGO_MAX_BYTES + 200_000
# The Wagtail image collection accepted logos go to (created when missing).
PARTICIPATION_LOGO_COLLECTION = os.environ.get(
    "PARTICIPATION_LOGO_COLLECTION", "Organisation logos"
)
# The front-end page of the link in the "we need more information" email: it shows the
# application form again and sends it with the link's token (`organisationApply(token:)`).
PARTICIPATION_APPLICATION_PATH = os.environ.get("PARTICIPATION_APPLICATION_PATH", "/apply/")
PARTICIPATION_APPLICATION_TOKEN_MAX_AGE = int(
    os.environ.get("PARTICIPATION_APPLICATION_TOKEN_MAX_AGE", str(30 * 24 * 3600))
)
# Email: Django's SMTP backend outside development and tests (console there).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds before a mail server that does not answer fails the send (the task fails and is
# logged) instead of holding the task worker for good.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# The sender of error mails to ADMINS (none are configured; errors go to the logs and Sentry).
SERVER_EMAIL = DEFAULT_FROM_EMAIL
