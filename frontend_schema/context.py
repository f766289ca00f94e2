"""What a request is about: its site and its locale, resolved once and kept on the request.

Resolvers never read the Host header or the database for these themselves; they ask here, so that
every field of one request sees the same site and locale.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port
from strawberry import Info
from strawberry.types.graphql import OperationType
from wagtail.models import Locale, Page, PageViewRestriction, Site

from campaign.selectors import VisibilityFacts, site_root_pages, visibility_facts
from frontend_schema.caching import CacheTags
from frontend_schema.errors import NotFoundError, UserInputError

STATE_ATTRIBUTE = "_frontend_schema_state"


class RequestState:
    def __init__(self) -> None:
        self.site: Site | None = None
        self.locales_by_code: dict[str, Locale] | None = None
        self.locale_codes_by_id: dict[int, str] | None = None
        self.site_roots: dict[int, list[Page]] = {}
        # The locale each root field answers in, by its response key (alias or name).
        self.answer_locales: dict[str, Locale] = {}
        self.locale_prefixes: dict[str, str] = {}
        self.batches: dict = {}
        self.site_data: dict | None = None
        # Set when the answer holds something private (a preview): never cache it publicly.
        self.private = False
        # The pages and snippets the answer holds, for its cache tags (frontend_schema.caching).
        self.cache_tags = CacheTags()
        # The executed operation's type (frontend_schema.extensions.OperationRecord); None
        # when nothing was executed.
        self.operation_type: OperationType | None = None
        # Querysets a root field returned already narrowed by public_pages to this request's
        # site, by id() (each kept, so that its id is not reused): see mark_public_listing.
        self.public_listings: dict[int, object] = {}


def get_request(info: Info) -> HttpRequest | None:
    return _request_of(info.context)


def _request_of(context) -> HttpRequest | None:
    request = getattr(context, "request", None)
    if request is None and isinstance(context, dict):
        request = context.get("request")
    return request


def state(info: Info) -> RequestState:
    return request_state(info.context)


# What every request needs and editors rarely change (the locales, the sites and their roots, the
# view-restricted paths), shared by all requests and processes through the default cache (Redis in
# production). The entry holds the version it was loaded under; ``forget_site_data`` (connected
# in apps.py) sets a new version when a site, locale, page or view restriction changes, at once
# and again when the transaction commits, so an entry that a request loaded from the database
# before the commit is never used after it.
# The entry's layout is part of its key: a deployment that changes it (processes of the old and
# the new code share the cache during a rolling update) never reads the other layout.
SITE_DATA_LAYOUT = 2  # 2: "visibility" (VisibilityFacts) replaced "restricted_paths"
SITE_DATA_KEY = f"frontend_schema:site-data:{SITE_DATA_LAYOUT}"
SITE_DATA_VERSION_KEY = "frontend_schema:site-data-version"
SITE_DATA_TIMEOUT = 3600


def _site_data(current: RequestState) -> dict:
    """``{"version": str, "locales": [Locale, ...], "visibility": VisibilityFacts, "roots":
    {site ID: [Page, ...]}, "sites": {(hostname, port): Site or None}}``, read from the shared
    cache once per request (one round trip). On a miss the locales and the visibility facts are
    loaded (three queries); roots and sites are added as requests ask for them (``site_roots``,
    ``resolve_site``)."""
    if current.site_data is not None:
        return current.site_data
    cached = cache.get_many([SITE_DATA_VERSION_KEY, SITE_DATA_KEY])
    version = cached.get(SITE_DATA_VERSION_KEY)
    if version is None:
        cache.add(SITE_DATA_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(SITE_DATA_VERSION_KEY)
    data = cached.get(SITE_DATA_KEY)
    if data is None or data["version"] != version:
        data = {
            "version": version,
            "locales": list(Locale.objects.all()),
            "visibility": visibility_facts(),
            "roots": {},
            "sites": {},
        }
        cache.set(SITE_DATA_KEY, data, SITE_DATA_TIMEOUT)
    current.site_data = data
    return data


def request_state(context) -> RequestState:
    """The state of the request that a strawberry execution ``context`` belongs to."""
    request = _request_of(context)
    holder = request if request is not None else context
    current = getattr(holder, STATE_ATTRIBUTE, None)
    if current is None:
        current = RequestState()
        setattr(holder, STATE_ATTRIBUTE, current)
    return current


def request_visibility_facts(context) -> VisibilityFacts:
    """``campaign.selectors.visibility_facts()`` as the shared site data holds it."""
    return _site_data(request_state(context))["visibility"]


def _new_site_data_version() -> None:
    cache.set(SITE_DATA_VERSION_KEY, uuid.uuid4().hex, None)


def forget_site_data(instance=None, **kwargs) -> None:
    """Receiver of ``post_save``, ``post_delete`` and ``post_page_move`` for every model: when a
    site, a locale, a page (any page may become a site root's translation, and moving one moves
    the restricted paths below it) or a page's view restriction changed, the cached site data
    may be wrong, so a new version is set, now and after the commit."""
    if isinstance(instance, Site | Locale | Page | PageViewRestriction):
        _new_site_data_version()
        transaction.on_commit(_new_site_data_version)


def _load_locales(info: Info) -> RequestState:
    current = state(info)
    if current.locales_by_code is None:
        locales = _site_data(current)["locales"]
        current.locales_by_code = {locale.language_code: locale for locale in locales}
        current.locale_codes_by_id = {locale.pk: locale.language_code for locale in locales}
    return current


def locale_code(info: Info, locale_id: int) -> str:
    return _load_locales(info).locale_codes_by_id[locale_id]


def all_locales(info: Info) -> list[Locale]:
    """Every locale of the CMS, loaded once per request."""
    return list(_load_locales(info).locales_by_code.values())


def resolve_locale(info: Info, code: str | None) -> Locale | None:
    """The Locale for a language code given by the client, or None when none was given."""
    if code is None:
        return None
    locales = _load_locales(info).locales_by_code
    locale = locales.get(code)
    if locale is None:
        known = ", ".join(sorted(locales)) or "none"
        raise UserInputError(f"Unknown locale '{code}'. Known locales: {known}.", argument="locale")
    return locale


def resolve_site(info: Info, hostname: str | None = None) -> Site:
    """The site a query is about.

    An explicit ``hostname`` (the ``site`` argument of root fields) wins and becomes the site of
    the whole request; otherwise the site matching the request's Host header, otherwise the
    default site.
    """
    current = state(info)
    if hostname is not None:
        site = Site.objects.select_related("root_page").filter(hostname=hostname).first()
        if site is None:
            raise NotFoundError(f"No site has the hostname '{hostname}'.", argument="site")
        current.site = site
        return site
    if current.site is None:
        request = get_request(info)
        site = _site_for_request(current, request) if request is not None else None
        if site is None:
            site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        if site is None:
            raise NotFoundError("No site is configured. Create one in the admin under Sites.")
        current.site = site
    return current.site


def _site_for_request(current: RequestState, request: HttpRequest) -> Site | None:
    """``Site.find_for_request``, its answer kept in the shared site data by host and port."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    data = _site_data(current)
    if key not in data["sites"]:
        data["sites"][key] = Site.find_for_request(request)
        cache.set(SITE_DATA_KEY, data, SITE_DATA_TIMEOUT)
    request._wagtail_site = data["sites"][key]
    return request._wagtail_site


def site_roots(info: Info, site: Site | None = None) -> list[Page]:
    """The site's root page and its translations: the top of the site in every locale."""
    site = site or resolve_site(info)
    current = state(info)
    roots = current.site_roots.get(site.pk)
    if roots is None:
        data = _site_data(current)
        roots = data["roots"].get(site.pk)
        if roots is None:
            roots = site_root_pages(site)
            data["roots"][site.pk] = roots
            cache.set(SITE_DATA_KEY, data, SITE_DATA_TIMEOUT)
        current.site_roots[site.pk] = roots
    return roots


def root_for_path(info: Info, page_path: str) -> Page | None:
    """The site root (in any locale) that the tree path ``page_path`` lies under."""
    for root in site_roots(info):
        if page_path.startswith(root.path):
            return root
    return None


def default_locale(info: Info) -> Locale:
    """The site's default locale: the language of the site's root page (no query of its own)."""
    return _load_locales(info).locales_by_code[
        locale_code(info, resolve_site(info).root_page.locale_id)
    ]


def _root_key(info: Info) -> str:
    path = info.path
    while path.prev is not None:
        path = path.prev
    return str(path.key)


def answer_in_locale(info: Info, locale: Locale) -> Locale:
    """Record, from a root field's resolver, the locale its answer is in; return it."""
    state(info).answer_locales[_root_key(info)] = locale
    return locale


def answer_locale(info: Info) -> Locale:
    """The locale the answer of the current root field is in: its ``locale`` argument (or the
    previewed page's locale), else the site's default locale. Country names follow it, and a
    page outside it is a fallback (``Page.isFallback``). The request's headers play no part."""
    return state(info).answer_locales.get(_root_key(info)) or default_locale(info)


def mark_public_listing(info: Info, queryset):
    """Record that ``queryset`` (exactly this object) holds only pages that ``public_pages``
    lets through within the request's site, and return it. The page types' ``get_queryset``
    then does not narrow it a second time. Any change to it (a filter, a slice) makes a new
    object, which is not recorded."""
    state(info).public_listings[id(queryset)] = queryset
    return queryset


def is_public_listing(info: Info, queryset) -> bool:
    """Whether ``queryset`` is one that ``mark_public_listing`` recorded for this request."""
    return state(info).public_listings.get(id(queryset)) is queryset
