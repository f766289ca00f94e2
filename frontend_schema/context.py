"""What a request is about: its site and its locale, resolved once and kept on the request.

Resolvers never read the Host header or the database for these themselves; they ask here, so that
every field of one request sees the same site and locale.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.http.request import split_domain_port
from strawberry import Info
from wagtail.models import Locale, Page, Site

from campaign.selectors import site_root_pages
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


def get_request(info: Info) -> HttpRequest | None:
    context = info.context
    request = getattr(context, "request", None)
    if request is None and isinstance(context, dict):
        request = context.get("request")
    return request


def state(info: Info) -> RequestState:
    request = get_request(info)
    holder = request if request is not None else info.context
    current = getattr(holder, STATE_ATTRIBUTE, None)
    if current is None:
        current = RequestState()
        setattr(holder, STATE_ATTRIBUTE, current)
    return current


# The locales and every site's roots, shared by all requests and processes through the default
# cache (Redis in production): they change only when an editor edits a site, a locale or a page,
# and ``forget_site_data`` (connected in apps.py) deletes the entry then. The timeout bounds what
# a read racing such an edit could leave behind.
SITE_DATA_KEY = "frontend_schema:site-data"
SITE_DATA_TIMEOUT = 300


def _site_data(current: RequestState) -> dict:
    """``{"locales": [Locale, ...], "roots": {site ID: [Page, ...]}, "sites": {(hostname, port):
    Site or None}}`` from the shared cache, loading the locales on a miss (one query); roots and
    sites are added as requests ask for them (``site_roots``, ``resolve_site``). Read once per
    request."""
    if current.site_data is not None:
        return current.site_data
    data = cache.get(SITE_DATA_KEY)
    if data is None:
        data = {"locales": list(Locale.objects.all()), "roots": {}, "sites": {}}
        cache.set(SITE_DATA_KEY, data, SITE_DATA_TIMEOUT)
    current.site_data = data
    return data


def forget_site_data(instance=None, **kwargs) -> None:
    """Receiver of ``post_save``, ``post_delete`` and ``post_page_move`` for every model: when a
    site, a locale or a page (any page may become a site root's translation) changed, the cached
    site data may be wrong, so it is deleted."""
    if isinstance(instance, Site | Locale | Page):
        cache.delete(SITE_DATA_KEY)


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
