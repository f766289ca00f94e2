"""Django's LocaleMiddleware for everything but the API.

The admin follows the editor's language (Accept-Language, the session, the user's preference), so
``django.middleware.locale.LocaleMiddleware`` stays. An API answer, though, is in the locale its
query asks for: were it to follow Accept-Language, two visitors would get different bytes for the
same URL and every response would carry ``Vary: Accept-Language``, which splits a CDN's cache by
every browser's language list.
"""

import functools

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation

# Set on a request whose view answers the same in every language.
LANGUAGE_NEUTRAL = "_language_neutral"


def is_language_neutral(view_func) -> bool:
    """Whether a view says it answers the same in every language: a class-based view with
    ``language_neutral = True``, or a function view with that attribute."""
    view_class = getattr(view_func, "view_class", view_func)
    return getattr(view_class, "language_neutral", False) is True


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a language-neutral view (the GraphQL endpoint)
    runs in ``settings.LANGUAGE_CODE`` whatever the request says, and its response does not vary
    on Accept-Language."""

    def process_request(self, request):
        super().process_request(request)
        # Django's i18n_patterns (Wagtail's pages, cms/urls.py) put every unprefixed path in the
        # default language; only Wagtail's page serving should be, not the admin.
        if translation.get_language_from_path(request.path_info) or _serves_pages(request):
            return
        translation.activate(translation.get_language_from_request(request, check_path=False))
        request.LANGUAGE_CODE = translation.get_language()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_language_neutral(view_func):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            setattr(request, LANGUAGE_NEUTRAL, True)
        return None

    def process_response(self, request, response):
        if getattr(request, LANGUAGE_NEUTRAL, False):
            return response
        return super().process_response(request, response)


def _serves_pages(request) -> bool:
    # Resolving depends on the path, the active language (i18n_patterns) and the URLconf; the
    # answer is kept per process for the paths seen most (the API's few, the pages').
    return _path_serves_pages(
        request.path_info, translation.get_language(), getattr(request, "urlconf", None)
    )


@functools.lru_cache(maxsize=1024)
def _path_serves_pages(path_info: str, language: str | None, urlconf) -> bool:
    try:
        return resolve(path_info, urlconf).url_name == "wagtail_serve"
    except Resolver404:
        return True
