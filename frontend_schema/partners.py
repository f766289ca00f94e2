"""What the API says about partners' channels: a campaign's feeds, and the sitemap.

Mirrors the ``partners`` app: the feeds' URLs come from ``partners.feeds.feed_url`` and the
sitemap's entries from ``partners.sitemaps.sitemap_entries``, so the API and the files served at
``/feeds/`` and ``/sitemap.xml`` cannot disagree.
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

import strawberry
from django.core.paginator import Paginator
from strawberry import Info
from taggit.models import Tag

from frontend_schema.context import (
    get_request,
    locale_code,
    resolve_locale,
    resolve_site,
    state,
)
from frontend_schema.errors import UserInputError
from partners.feeds import FORMATS, feed_url
from partners.selectors import sitemap_pages
from partners.sitemaps import sitemap_entries

SITEMAP_PAGE_SIZE = 500
# At most this many entries a page: with their alternates, a full page stays within the cost
# budget (frontend_schema/cost.py: SitemapPage.entries, SitemapEntry.alternates).
SITEMAP_MAX_PAGE_SIZE = 1000


@strawberry.enum(name="FeedFormat", description="The format of a feed.")
class FeedFormat(Enum):
    RSS = strawberry.enum_value("rss", description="RSS 2.0.")
    ATOM = strawberry.enum_value("atom", description="Atom 1.0.")
    JSON = strawberry.enum_value("json", description="JSON Feed 1.1.")


@strawberry.type(
    name="Feed",
    description="A feed of a campaign's news, for feed readers, partners' sites and newsletter "
    'tools. Link it from pages with `<link rel="alternate" type="{mediaType}" '
    'title="{title}" href="{url}">` so that browsers and readers discover it.',
)
class FeedType:
    format: FeedFormat = strawberry.field(description="The feed's format.")
    url: str = strawberry.field(description="The absolute URL of the feed.")
    media_type: str = strawberry.field(
        description="The feed's media type, for the `type` of an autodiscovery link: "
        "application/rss+xml, application/atom+xml or application/feed+json."
    )
    title: str = strawberry.field(description="A title for the link: the campaign and format.")


def campaign_feeds(info: Info, campaign, tag_name: str | None) -> list[FeedType]:
    """The feeds of ``campaign`` in its locale (of the tag named ``tag_name``, if given), one
    per format. Raises ``UserInputError`` for a tag no post has ever had."""
    tag = None
    if tag_name is not None:
        tag = Tag.objects.filter(name__iexact=tag_name).first()
        if tag is None:
            raise UserInputError(f"No tag is named '{tag_name}'.", argument="tag")
    request = get_request(info)
    language_code = locale_code(info, campaign.locale_id)
    label = campaign.title if tag is None else f"{campaign.title}: {tag.name}"
    return [
        FeedType(
            format=FeedFormat(name),
            url=feed_url(
                request, campaign=campaign, language_code=language_code, format=name, tag=tag
            ),
            media_type=media_type,
            title=f"{label} ({display})",
        )
        for name, (_filename, media_type, display) in FORMATS.items()
    ]


@strawberry.type(name="SitemapAlternate", description="The same page in another language.")
class SitemapAlternateType:
    hreflang: str = strawberry.field(
        description="The language code for `hreflang`, or 'x-default' for the version in the "
        "site's default language, shown to readers of any other language."
    )
    url: str = strawberry.field(description="The absolute front-end URL of that version.")


@strawberry.type(name="SitemapEntry", description="One public page, as a sitemap lists it.")
class SitemapEntryType:
    url: str = strawberry.field(description="The page's absolute front-end URL.")
    path: str = strawberry.field(
        description="The page's path with its language prefix, as `Page.path` gives it."
    )
    locale: str = strawberry.field(description="The page's language code.")
    last_modified: datetime.datetime | None = strawberry.field(
        description="When the page was last published (a sitemap's `lastmod`)."
    )
    alternates: list[SitemapAlternateType] = strawberry.field(
        description="The page's public translations, itself included, plus `x-default`; empty "
        "when the page exists in one language only (hreflang alternates)."
    )


@strawberry.type(
    name="SitemapPage",
    description="One page of the sitemap's entries: every public page of the site in tree "
    "order, pages that only mirror another page left out.",
)
class SitemapPageType:
    entries: list[SitemapEntryType] = strawberry.field(description="The entries of this page.")
    page: int = strawberry.field(description="This page's number, from 1.")
    page_count: int = strawberry.field(description="How many pages there are.")
    total_count: int = strawberry.field(description="How many entries there are in all.")


def sitemap_page(
    info: Info,
    *,
    page: int,
    per_page: int,
    locale: str | None,
    site_hostname: str | None,
) -> SitemapPageType:
    """One page of the sitemap entries of the request's site (or ``site_hostname``'s).
    Raises ``UserInputError`` for a page or page size out of range."""
    if not 1 <= per_page <= SITEMAP_MAX_PAGE_SIZE:
        raise UserInputError(
            f"'perPage' must be between 1 and {SITEMAP_MAX_PAGE_SIZE}.", argument="perPage"
        )
    site = resolve_site(info, site_hostname)
    state(info).cache_tags.sitemap = True
    paginator = Paginator(sitemap_pages(site=site, locale=resolve_locale(info, locale)), per_page)
    if not 1 <= page <= paginator.num_pages:
        raise UserInputError(
            f"'page' must be between 1 and {paginator.num_pages}.", argument="page"
        )
    prefix_end = len(_base(site))
    entries = [
        SitemapEntryType(
            url=entry.url,
            path=entry.url[prefix_end:] or "/",
            locale=entry.language_code,
            last_modified=entry.last_modified,
            alternates=[
                SitemapAlternateType(hreflang=alternate.language_code, url=alternate.url)
                for alternate in entry.alternates
            ],
        )
        for entry in sitemap_entries(list(paginator.page(page).object_list), site=site)
    ]
    return SitemapPageType(
        entries=entries,
        page=page,
        page_count=paginator.num_pages,
        total_count=paginator.count,
    )


def _base(site) -> str:
    from partners.content import frontend_base_url

    return frontend_base_url(site)


SitemapPageArgument = Annotated[
    int, strawberry.argument(description="The page to return, from 1 (default 1).")
]
SitemapPerPageArgument = Annotated[
    int,
    strawberry.argument(
        description=f"Entries per page (default {SITEMAP_PAGE_SIZE}, at most "
        f"{SITEMAP_MAX_PAGE_SIZE})."
    ),
]
