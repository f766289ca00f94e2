"""Where a page lives on the front end: its path relative to its site root, and its URL."""

from __future__ import annotations

from django.conf import settings
from strawberry import Info
from wagtail.models import Page

from frontend_schema.context import resolve_site, root_for_path


def page_path(info: Info, page: Page) -> str | None:
    """The page's path below the site root of its locale, '/' for the root itself.

    None when the page is outside the request's site.
    """
    root = root_for_path(info, page.path)
    if root is None:
        return None
    return "/" + page.url_path[len(root.url_path) :]


def page_url(info: Info, page: Page, path: str | None = None) -> str | None:
    """The absolute front-end URL: FRONTEND_BASE_URL (or the site's own root URL) plus a
    language prefix for pages outside the site root's locale, plus the path."""
    path = path if path is not None else page_path(info, page)
    if path is None:
        return None
    site = resolve_site(info)
    base = (settings.FRONTEND_BASE_URL or site.root_url).rstrip("/")
    prefix = ""
    if page.locale_id != site.root_page.locale_id:
        from frontend_schema.context import locale_code

        prefix = "/" + locale_code(info, page.locale_id)
    return f"{base}{prefix}{path}"
