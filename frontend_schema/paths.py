"""Where a page lives on the front end: its path, with the language prefix, and its URL.

Every path the API gives out (a page's ``path``, links in rich text, redirects, search hits) is
the page's address exactly as Wagtail's internationalised URLs give it (``cms/urls.py`` serves
pages through Django's ``i18n_patterns`` with ``prefix_default_language=False``): the path below
the site root of the page's locale, behind ``/<language code>`` unless the page is in the default
language (``settings.LANGUAGE_CODE``). An English post is ``/news/my-post/``, its German
translation ``/de/news/my-post/``. So a path alone names one page in one locale, and
``page(path:)`` finds it again without a ``locale`` argument.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from strawberry import Info
from wagtail.models import Locale, Page

from frontend_schema.context import (
    all_locales,
    locale_code,
    resolve_site,
    root_for_path,
    state,
)


def locale_prefix(info: Info, language_code: str) -> str:
    """The prefix Wagtail's URLs put before the paths of pages in ``language_code``: '/de',
    or '' for the default language (and when pages are not served through i18n URLs).

    Reversed from the URL configuration, like Wagtail's ``Page.get_url_parts``, so the API and
    Wagtail's own URLs cannot disagree.
    """
    prefixes = state(info).locale_prefixes
    if language_code not in prefixes:
        try:
            with translation.override(language_code):
                prefixes[language_code] = reverse("wagtail_serve", args=("",)).rstrip("/")
        except NoReverseMatch:
            prefixes[language_code] = ""
    return prefixes[language_code]


def page_path_in_locale(info: Info, page: Page) -> str | None:
    """The page's path below the site root of its locale, without a language prefix: '/' for
    the root itself, '/news/my-post/' for a post in any language.

    None when the page is outside the request's site.
    """
    root = root_for_path(info, page.path)
    if root is None:
        return None
    return "/" + page.url_path[len(root.url_path) :]


def page_path(info: Info, page: Page) -> str | None:
    """The page's path with its language prefix, what a front end routes on: '/news/my-post/'
    in the default language, '/de/news/my-post/' in German. Equal to Wagtail's
    ``page.relative_url(site)``.

    None when the page is outside the request's site.
    """
    path = page_path_in_locale(info, page)
    if path is None:
        return None
    return locale_prefix(info, locale_code(info, page.locale_id)) + path


def page_url(info: Info, page: Page, path: str | None = None) -> str | None:
    """The absolute front-end URL: FRONTEND_BASE_URL (or the site's own root URL) plus the
    page's ``path`` (which carries the language prefix)."""
    path = path if path is not None else page_path(info, page)
    if path is None:
        return None
    site = resolve_site(info)
    base = (settings.FRONTEND_BASE_URL or site.root_url).rstrip("/")
    return f"{base}{path}"


def split_locale_prefix(info: Info, path: str) -> tuple[Locale | None, str]:
    """``(locale, path in that locale)`` for a path the API gave out: '/de/news/x/' is
    ``(German, '/news/x/')``. A path without a language prefix gives ``(None, path)``: the
    caller decides its locale (the default language, or a ``locale`` argument)."""
    normalised = "/" + path.lstrip("/")
    for locale in all_locales(info):
        prefix = locale_prefix(info, locale.language_code)
        if not prefix:
            continue
        if normalised == prefix or normalised.startswith(prefix + "/"):
            return locale, normalised[len(prefix) :] or "/"
    return None, normalised
